"""Who may see the dashboard: the login configuration, passphrase hashes, and back-off after failed attempts.

Three modes, decided from `.streamlit/secrets.toml` and the environment:

- **oidc**: an `[auth]` table in secrets (Streamlit's native `st.login`, any OpenID Connect provider);
- **passphrase**: a shared passphrase, stored only as a hash, in `$KIJISCOPE_PASSPHRASE_HASH` or as
  `passphrase_hash` under `[kijiscope]` in secrets;
- **none**: no login. Allowed only while the server listens on loopback; a server reachable from the network
  without a login refuses to show anything (`gate_decision`).

A hash is `scrypt$N$r$p$SALT$KEY` (salt and key in base64): scrypt makes each guess cost memory and time, the
parameters travel with the hash so they can be raised later, and the comparison is constant-time.

Back-off: each failed attempt is counted per session and in one counter for the whole server (a new tab is a
new session). After a policy's free attempts, every further failure doubles the wait before the next attempt
(1 s, 2 s, 4 s, … up to a cap); failures are forgotten after a quiet period. The functions are pure: the state
is a small frozen value that the caller keeps (session state, a server-wide holder) and replaces.

    python -m dashboard.auth hash            # read a passphrase (twice on a terminal, else one stdin line)
    python -m dashboard.auth check [--share] # print the login mode; with --share exit 2 when there is none
"""
from __future__ import annotations

import argparse
import base64
import binascii
import getpass
import hashlib
import hmac
import ipaddress
import math
import os
import secrets
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PASSPHRASE_ENV = "KIJISCOPE_PASSPHRASE_HASH"
SECRETS_SECTION = "kijiscope"
SECRETS_KEY = "passphrase_hash"
OIDC_SECTION = "auth"

OIDC, PASSPHRASE, NONE = "oidc", "passphrase", "none"
OPEN, LOGIN, REFUSE = "open", "login", "refuse"

SCHEME = "scrypt"
# OWASP's scrypt setting N=2^16, r=8, p=1: 64 MiB and ~0.3 s per guess on this kind of machine.
DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**16, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
# Bounds on parameters read from a hash, so that a mistyped hash cannot ask for gigabytes.
MAX_N, MAX_R, MAX_P = 2**20, 32, 16
MAX_SCRYPT_MEMORY = 2**30
MIN_PASSPHRASE_CHARS = 8
MAX_PASSPHRASE_CHARS = 1024

REFUSE_SHARE_MESSAGE = (
    "ネットワークに公開するにはログインの設定が必要です。合言葉のハッシュを "
    "`.venv/bin/python -m dashboard.auth hash` で作り、環境変数 KIJISCOPE_PASSPHRASE_HASH か "
    ".streamlit/secrets.toml の [kijiscope] passphrase_hash に設定するか、[auth] で OpenID Connect を設定してください。\n"
    "Sharing on a network requires a login: make a passphrase hash with "
    "`.venv/bin/python -m dashboard.auth hash` and set KIJISCOPE_PASSPHRASE_HASH (or passphrase_hash under "
    "[kijiscope] in .streamlit/secrets.toml), or configure OpenID Connect under [auth]."
)


class PassphraseHashError(ValueError):
    """A stored passphrase hash that cannot be read (the reason says why)."""


@dataclass(frozen=True)
class ScryptHash:
    """A parsed `scrypt$N$r$p$SALT$KEY` hash."""

    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    def derive(self, passphrase: str) -> bytes:
        """The key this hash's salt and parameters derive from a passphrase."""
        return _scrypt(passphrase, self.salt, self.n, self.r, self.p, len(self.key))

    def __str__(self) -> str:
        return "$".join((SCHEME, str(self.n), str(self.r), str(self.p), _b64(self.salt), _b64(self.key)))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt_memory(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2)


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=_scrypt_memory(n, r, p) + 2**20)


def check_parameters(n: int, r: int, p: int) -> None:
    """Raise PassphraseHashError unless N is a power of two and N, r, p are within the bounds."""
    if not 2 <= n <= MAX_N or n & (n - 1):
        raise PassphraseHashError(f"N must be a power of two from 2 to {MAX_N}, not {n}")
    if not 1 <= r <= MAX_R:
        raise PassphraseHashError(f"r must be 1 to {MAX_R}, not {r}")
    if not 1 <= p <= MAX_P:
        raise PassphraseHashError(f"p must be 1 to {MAX_P}, not {p}")
    if _scrypt_memory(n, r, p) > MAX_SCRYPT_MEMORY:
        raise PassphraseHashError(f"N={n}, r={r}, p={p} needs more than {MAX_SCRYPT_MEMORY} bytes")


def hash_passphrase(passphrase: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P,
                    salt: bytes | None = None) -> str:
    """A new `scrypt$N$r$p$SALT$KEY` hash of the passphrase (a random salt unless one is given)."""
    check_parameters(n, r, p)
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    return str(ScryptHash(n, r, p, salt, _scrypt(passphrase, salt, n, r, p, KEY_BYTES)))


def parse_hash(text: str) -> ScryptHash:
    """Read a stored hash; PassphraseHashError names what is wrong with it."""
    fields = text.strip().split("$")
    if len(fields) != 6 or fields[0] != SCHEME:
        raise PassphraseHashError("expected scrypt$N$r$p$SALT$KEY")
    try:
        n, r, p = (int(field) for field in fields[1:4])
    except ValueError:
        raise PassphraseHashError("N, r and p must be whole numbers") from None
    check_parameters(n, r, p)
    try:
        salt, key = (base64.b64decode(field, validate=True) for field in fields[4:6])
    except (binascii.Error, ValueError):
        raise PassphraseHashError("salt and key must be base64") from None
    if len(salt) < 8 or len(key) < 16:
        raise PassphraseHashError("salt or key too short (at least 8 and 16 bytes)")
    return ScryptHash(n, r, p, salt, key)


def verify_passphrase(candidate: str, stored: ScryptHash) -> bool:
    """True when the candidate derives the stored key (compared in constant time)."""
    if not candidate or len(candidate) > MAX_PASSPHRASE_CHARS:
        return False
    return hmac.compare_digest(stored.derive(candidate), stored.key)


# -- back-off ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attempts:
    """Failed login attempts so far: how many, and when the last one was (seconds, any monotonic clock)."""

    failures: int = 0
    last_failure: float = -math.inf


@dataclass(frozen=True)
class BackoffPolicy:
    """After `free` failures each failure doubles the wait (from `base_s`, at most `max_s`);
    failures are forgotten `forget_after_s` after the last one."""

    free: int
    base_s: float
    max_s: float
    forget_after_s: float

    def current(self, attempts: Attempts, now: float) -> Attempts:
        """The attempts still remembered at `now`."""
        return attempts if now - attempts.last_failure < self.forget_after_s else Attempts()

    def delay_after(self, failures: int) -> float:
        """The wait that follows this many failures."""
        if failures < self.free:
            return 0.0
        return min(self.max_s, self.base_s * 2.0 ** min(failures - self.free, 64))

    def wait_seconds(self, attempts: Attempts, now: float) -> float:
        """How long, from `now`, before another attempt may be checked (0 when it may be checked now)."""
        attempts = self.current(attempts, now)
        return max(0.0, attempts.last_failure + self.delay_after(attempts.failures) - now)

    def record_failure(self, attempts: Attempts, now: float) -> Attempts:
        """The attempts after one more failure at `now`."""
        return Attempts(self.current(attempts, now).failures + 1, now)


# One session: three tries, then 1 s, 2 s, 4 s, … up to 5 minutes; forgotten after an hour of quiet.
SESSION_POLICY = BackoffPolicy(free=3, base_s=1.0, max_s=300.0, forget_after_s=3600.0)
# The whole server (an attacker can open new sessions): twenty tries, then the same doubling;
# forgotten after 15 minutes of quiet.
SERVER_POLICY = BackoffPolicy(free=20, base_s=1.0, max_s=300.0, forget_after_s=900.0)


def lockout_message(wait_s: float) -> str:
    """The Japanese notice shown while attempts are refused."""
    return f"ログインの試行が多すぎます。{math.ceil(wait_s)}秒後にもう一度お試しください。"


# -- configuration ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoginConfig:
    """The login mode, the passphrase hash in passphrase mode, and what is wrong with the configuration."""

    mode: str
    passphrase_hash: ScryptHash | None = None
    problem: str = ""


def login_config(secrets_: Mapping, environ: Mapping[str, str]) -> LoginConfig:
    """The mode the secrets and environment ask for: OIDC when `[auth]` is set, else a passphrase hash
    (the environment variable before secrets), else none. A hash that does not parse is a problem, not a login."""
    if isinstance(secrets_.get(OIDC_SECTION), Mapping):
        return LoginConfig(OIDC)
    section = secrets_.get(SECRETS_SECTION)
    text = environ.get(PASSPHRASE_ENV) or (section.get(SECRETS_KEY) if isinstance(section, Mapping) else None)
    if not text:
        return LoginConfig(NONE)
    source = PASSPHRASE_ENV if environ.get(PASSPHRASE_ENV) else f"[{SECRETS_SECTION}] {SECRETS_KEY}"
    if not isinstance(text, str):
        return LoginConfig(NONE, problem=f"{source}: not a string")
    try:
        return LoginConfig(PASSPHRASE, parse_hash(text))
    except PassphraseHashError as error:
        return LoginConfig(NONE, problem=f"{source}: {error}")


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost); unset means all."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def gate_decision(config: LoginConfig, address: str | None) -> str:
    """OPEN (no login asked), LOGIN (ask for one), or REFUSE (reachable from the network with no login)."""
    if config.mode != NONE:
        return LOGIN
    return OPEN if is_loopback(address) else REFUSE


def read_secrets_files(paths: Sequence[Path]) -> dict:
    """The tables of the secrets files that exist, later files overriding earlier ones (as Streamlit does)."""
    merged: dict = {}
    for path in paths:
        if path.is_file():
            with path.open("rb") as stream:
                merged.update(tomllib.load(stream))
    return merged


def secrets_paths(project_root: Path) -> tuple[Path, ...]:
    """Where `streamlit run` started in the project root looks for secrets."""
    return Path.home() / ".streamlit" / "secrets.toml", project_root / ".streamlit" / "secrets.toml"


# -- command line -----------------------------------------------------------------------------------------

def _read_new_passphrase() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("合言葉 / passphrase: ")
        if getpass.getpass("もう一度 / again: ") != first:
            raise SystemExit("入力が一致しません / the two entries differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _hash_command(args: argparse.Namespace) -> int:
    passphrase = _read_new_passphrase()
    if len(passphrase) < MIN_PASSPHRASE_CHARS or len(passphrase) > MAX_PASSPHRASE_CHARS:
        print(f"合言葉は{MIN_PASSPHRASE_CHARS}〜{MAX_PASSPHRASE_CHARS}文字にしてください / the passphrase must "
              f"have {MIN_PASSPHRASE_CHARS} to {MAX_PASSPHRASE_CHARS} characters", file=sys.stderr)
        return 2
    print(hash_passphrase(passphrase, n=args.n, r=args.r, p=args.p))
    return 0


def _check_command(args: argparse.Namespace) -> int:
    project_root = Path(__file__).resolve().parents[1]
    try:
        config = login_config(read_secrets_files(secrets_paths(project_root)), os.environ)
    except (OSError, tomllib.TOMLDecodeError) as error:
        print(f"secrets.toml を読めません / cannot read secrets.toml: {error}", file=sys.stderr)
        return 2
    if config.problem:
        print(f"合言葉のハッシュが読めません / unreadable passphrase hash: {config.problem}", file=sys.stderr)
    if config.mode == OIDC:
        from streamlit.auth_util import is_authlib_installed  # only this check needs streamlit
        if not is_authlib_installed():
            print("[auth] には Authlib>=1.3.2 が必要です / [auth] needs Authlib>=1.3.2", file=sys.stderr)
            return 2
    print(config.mode)
    if args.share and config.mode == NONE:
        print(REFUSE_SHARE_MESSAGE, file=sys.stderr)
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.auth", description="kijiscope login tools")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("hash", help="print the scrypt hash of a passphrase read from the terminal or stdin")
    make.add_argument("--n", type=int, default=DEFAULT_N, help=f"scrypt N (default {DEFAULT_N})")
    make.add_argument("--r", type=int, default=DEFAULT_R, help=f"scrypt r (default {DEFAULT_R})")
    make.add_argument("--p", type=int, default=DEFAULT_P, help=f"scrypt p (default {DEFAULT_P})")
    make.set_defaults(run=_hash_command)
    check = commands.add_parser("check", help="print the login mode (oidc, passphrase or none)")
    check.add_argument("--share", action="store_true", help="exit 2 when no login is configured")
    check.set_defaults(run=_check_command)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except PassphraseHashError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

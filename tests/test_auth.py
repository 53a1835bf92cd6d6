"""Login rules as tables: passphrase hashes, back-off, the login mode from secrets and environment, the gate."""
from __future__ import annotations

import io
import math

import pytest

from dashboard import auth

# Small scrypt parameters keep the tests quick; the format carries them, so verification uses the same ones.
FAST = {"n": 2**10, "r": 8, "p": 1}
SALT = b"0123456789abcdef"


@pytest.fixture(scope="module")
def stored() -> auth.ScryptHash:
    return auth.parse_hash(auth.hash_passphrase("正しい合言葉 horse", salt=SALT, **FAST))


# (candidate, accepted)
CANDIDATES = (
    ("正しい合言葉 horse", True),
    ("正しい合言葉 hors", False),
    ("正しい合言葉 horse ", False),
    ("正しい合言葉 HORSE", False),
    ("", False),
    ("x" * (auth.MAX_PASSPHRASE_CHARS + 1), False),
)


@pytest.mark.parametrize(("candidate", "accepted"), CANDIDATES)
def test_only_the_passphrase_verifies(stored, candidate, accepted):
    assert auth.verify_passphrase(candidate, stored) is accepted


def test_a_hash_carries_scheme_parameters_salt_and_key():
    text = auth.hash_passphrase("合言葉です12345", salt=SALT, **FAST)
    scheme, n, r, p, salt, key = text.split("$")
    assert (scheme, n, r, p) == ("scrypt", "1024", "8", "1")
    parsed = auth.parse_hash(text)
    assert (parsed.salt, len(parsed.key), str(parsed)) == (SALT, auth.KEY_BYTES, text)


def test_each_hash_has_its_own_salt():
    first, second = (auth.hash_passphrase("同じ合言葉です", **FAST) for _ in range(2))
    assert first != second
    assert all(auth.verify_passphrase("同じ合言葉です", auth.parse_hash(h)) for h in (first, second))


def test_the_default_parameters_are_the_strong_ones():
    parsed = auth.parse_hash(auth.hash_passphrase("既定の強さの合言葉"))
    assert (parsed.n, parsed.r, parsed.p) == (2**16, 8, 1)


GOOD = auth.hash_passphrase("合言葉です12345", salt=SALT, **FAST)
# (stored text, words of the error)
BAD_HASHES = (
    ("", "expected scrypt"),
    ("pbkdf2$1024$8$1$AAAA$BBBB", "expected scrypt"),
    ("scrypt$1024$8$1$MDEyMzQ1Njc4OWFiY2RlZg==", "expected scrypt"),
    ("scrypt$x$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$" + GOOD.split("$")[5], "whole numbers"),
    ("scrypt$1000$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$" + GOOD.split("$")[5], "power of two"),
    ("scrypt$4194304$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$" + GOOD.split("$")[5], "power of two"),
    ("scrypt$1024$0$1$MDEyMzQ1Njc4OWFiY2RlZg==$" + GOOD.split("$")[5], "r must be"),
    ("scrypt$1024$8$99$MDEyMzQ1Njc4OWFiY2RlZg==$" + GOOD.split("$")[5], "p must be"),
    ("scrypt$1048576$32$16$MDEyMzQ1Njc4OWFiY2RlZg==$" + GOOD.split("$")[5], "more than"),
    ("scrypt$1024$8$1$not*base64$" + GOOD.split("$")[5], "base64"),
    ("scrypt$1024$8$1$AAAA$" + GOOD.split("$")[5], "too short"),
)


@pytest.mark.parametrize(("text", "words"), BAD_HASHES)
def test_a_malformed_hash_is_named_with_its_reason(text, words):
    with pytest.raises(auth.PassphraseHashError, match=words):
        auth.parse_hash(text)


POLICY = auth.BackoffPolicy(free=3, base_s=1.0, max_s=60.0, forget_after_s=600.0)
# (failures, seconds since the last one, wait left)
WAITS = (
    (0, 0.0, 0.0),
    (2, 0.0, 0.0),
    (3, 0.0, 1.0),
    (3, 0.4, 0.6),
    (3, 1.0, 0.0),
    (4, 0.0, 2.0),
    (5, 1.0, 3.0),
    (8, 0.0, 32.0),
    (9, 0.0, 60.0),
    (500, 10.0, 50.0),
    (500, 600.0, 0.0),  # forgotten
)


@pytest.mark.parametrize(("failures", "since", "wait"), WAITS)
def test_the_wait_doubles_after_the_free_attempts_up_to_the_cap(failures, since, wait):
    attempts = auth.Attempts(failures=failures, last_failure=1000.0)
    assert POLICY.wait_seconds(attempts, 1000.0 + since) == pytest.approx(wait)


# (failures before, seconds since the last one, failures after one more)
FAILURES = (
    (0, math.inf, 1),
    (3, 5.0, 4),
    (7, 599.0, 8),
    (7, 600.0, 1),  # a quiet period starts the count again
)


@pytest.mark.parametrize(("before", "since", "after"), FAILURES)
def test_a_failure_is_counted_unless_the_earlier_ones_are_forgotten(before, since, after):
    last = -math.inf if since == math.inf else 1000.0
    now = 1000.0 if since == math.inf else 1000.0 + since
    attempts = POLICY.record_failure(auth.Attempts(before, last), now)
    assert attempts == auth.Attempts(after, now)


def test_the_policies_allow_a_few_typos_per_session_and_more_per_server():
    assert auth.SESSION_POLICY.free < auth.SERVER_POLICY.free
    assert auth.SESSION_POLICY.wait_seconds(auth.Attempts(2, 0.0), 0.0) == 0.0
    assert auth.SESSION_POLICY.wait_seconds(auth.Attempts(3, 0.0), 0.0) > 0.0


@pytest.mark.parametrize(("wait", "shown"), ((0.2, "1秒後"), (1.0, "1秒後"), (4.5, "5秒後"), (300.0, "300秒後")))
def test_the_lockout_message_is_japanese_and_rounds_up(wait, shown):
    message = auth.lockout_message(wait)
    assert shown in message and "試行が多すぎます" in message


OIDC_SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s"}}
# (secrets, environment, mode, words of the problem)
CONFIGS = (
    ({}, {}, "none", ""),
    (OIDC_SECRETS, {}, "oidc", ""),
    (OIDC_SECRETS, {auth.PASSPHRASE_ENV: GOOD}, "oidc", ""),
    ({}, {auth.PASSPHRASE_ENV: GOOD}, "passphrase", ""),
    ({"kijiscope": {"passphrase_hash": GOOD}}, {}, "passphrase", ""),
    ({"kijiscope": {"passphrase_hash": "broken"}}, {auth.PASSPHRASE_ENV: GOOD}, "passphrase", ""),
    ({}, {auth.PASSPHRASE_ENV: ""}, "none", ""),
    ({}, {auth.PASSPHRASE_ENV: "plain text"}, "none", "KIJISCOPE_PASSPHRASE_HASH: expected scrypt"),
    ({"kijiscope": {"passphrase_hash": "scrypt$1000$8$1$a$b"}}, {}, "none", "[kijiscope] passphrase_hash: N"),
    ({"kijiscope": {"passphrase_hash": 12}}, {}, "none", "not a string"),
    ({"kijiscope": "scrypt"}, {}, "none", ""),
    ({"auth": "yes"}, {}, "none", ""),
)


@pytest.mark.parametrize(("secrets", "environ", "mode", "problem"), CONFIGS)
def test_the_login_mode_comes_from_secrets_and_environment(secrets, environ, mode, problem):
    config = auth.login_config(secrets, environ)
    assert config.mode == mode
    assert (config.passphrase_hash is not None) == (mode == "passphrase")
    assert problem in config.problem and bool(problem) == bool(config.problem)


# (address, loopback)
ADDRESSES = (
    ("127.0.0.1", True), ("127.8.9.10", True), ("localhost", True), ("LOCALHOST", True), ("::1", True),
    ("[::1]", True), (None, False), ("", False), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False),
    ("example.org", False), ("127.0.0.1.example.org", False),
)


@pytest.mark.parametrize(("address", "loopback"), ADDRESSES)
def test_loopback_addresses(address, loopback):
    assert auth.is_loopback(address) is loopback


# (mode, address, decision)
DECISIONS = (
    ("none", "127.0.0.1", "open"),
    ("none", "0.0.0.0", "refuse"),
    ("none", None, "refuse"),
    ("passphrase", "127.0.0.1", "login"),
    ("passphrase", "0.0.0.0", "login"),
    ("oidc", "0.0.0.0", "login"),
)


@pytest.mark.parametrize(("mode", "address", "decision"), DECISIONS)
def test_the_gate_opens_only_on_loopback_without_a_login(mode, address, decision):
    assert auth.gate_decision(auth.LoginConfig(mode), address) == decision


@pytest.fixture
def no_secrets(tmp_path, monkeypatch):
    monkeypatch.setattr(auth, "secrets_paths", lambda root: (tmp_path / "none.toml",))
    monkeypatch.delenv(auth.PASSPHRASE_ENV, raising=False)
    return tmp_path


def test_the_hash_command_reads_stdin_and_prints_a_verifying_hash(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("標準入力の合言葉です\n"))
    assert auth.main(["hash", "--n", "1024"]) == 0
    printed = capsys.readouterr().out.strip()
    assert auth.verify_passphrase("標準入力の合言葉です", auth.parse_hash(printed))
    assert "標準入力" not in printed


@pytest.mark.parametrize("passphrase", ("", "short", "x" * (auth.MAX_PASSPHRASE_CHARS + 1)))
def test_the_hash_command_refuses_a_short_or_huge_passphrase(monkeypatch, capsys, passphrase):
    monkeypatch.setattr("sys.stdin", io.StringIO(passphrase + "\n"))
    assert auth.main(["hash"]) == 2
    assert capsys.readouterr().out == ""


# (secrets file text, environment hash, --share, exit code, printed mode)
CHECKS = (
    ("", None, False, 0, "none"),
    ("", None, True, 2, "none"),
    ("", GOOD, True, 0, "passphrase"),
    (f'[kijiscope]\npassphrase_hash = "{GOOD}"\n', None, True, 0, "passphrase"),
    ('[kijiscope]\npassphrase_hash = "plain"\n', None, True, 2, "none"),
)


@pytest.mark.parametrize(("secrets", "environ", "share", "code", "mode"), CHECKS)
def test_the_check_command_refuses_to_share_without_a_login(no_secrets, monkeypatch, capsys, secrets, environ,
                                                            share, code, mode):
    path = no_secrets / "secrets.toml"
    path.write_text(secrets, encoding="utf-8")
    monkeypatch.setattr(auth, "secrets_paths", lambda root: (path,))
    if environ:
        monkeypatch.setenv(auth.PASSPHRASE_ENV, environ)
    assert auth.main(["check", *(["--share"] if share else [])]) == code
    out, err = capsys.readouterr()
    assert out.strip() == mode
    assert ("ログインの設定が必要です" in err and "Sharing on a network requires a login" in err) == (code == 2)


def test_the_readme_commands_make_a_hash_and_check_it(tmp_path):
    """`python -m dashboard.auth hash` then `python -m dashboard.auth check`, as the README runs them."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    made = subprocess.run([sys.executable, "-m", "dashboard.auth", "hash"], input="README の合言葉です\n",
                          capture_output=True, text=True, cwd=root, env=env, timeout=60, check=True)
    text = made.stdout.strip()
    assert text.startswith("scrypt$65536$8$1$")
    assert auth.verify_passphrase("README の合言葉です", auth.parse_hash(text))
    checked = subprocess.run([sys.executable, "-m", "dashboard.auth", "check"], capture_output=True, text=True,
                             cwd=root, env={**env, auth.PASSPHRASE_ENV: text}, timeout=60, check=True)
    assert checked.stdout.strip() == "passphrase"

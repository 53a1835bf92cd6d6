"""`bash scripts/run.sh` as the README runs it: loopback by default; `--share` listens on the network only with a
login configured and refuses (in Japanese and English) without one. The setup step is skipped
(KIJISCOPE_NO_SETUP=1): the test machine is set up, and setup would reinstall the project."""
from __future__ import annotations

import ipaddress
import os
import secrets
import subprocess
from pathlib import Path

import pytest

from dashboard import auth
from tests.serving import free_port, stop, wait_for_health

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "dashboard" / "articles"
START_TIMEOUT_S = 60
HASH = auth.hash_passphrase(secrets.token_urlsafe(24), n=2**10)  # nobody knows it, nobody can log in


def _environment(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in (auth.PASSPHRASE_ENV, "KIJISCOPE_SHARE", "KIJISCOPE_SHARE_ADDRESS")}
    # A home without ~/.streamlit/secrets.toml, so only what the test sets configures a login.
    return {**env, "HOME": str(tmp_path), "KIJISCOPE_NO_SETUP": "1", **extra}


def _listening(port: int) -> set[str]:
    """The local addresses with a socket listening on this TCP port (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            # the kernel prints each 32-bit word in host (little-endian) order
            packed = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(packed)))
    return found


# (arguments, environment): each refuses to start, naming what is missing
REFUSALS = (
    (["--share"], {}),
    (["--share", str(ARTICLES)], {}),
    ([], {"KIJISCOPE_SHARE": "1"}),
    (["--share"], {auth.PASSPHRASE_ENV: "not-a-hash"}),
)


@pytest.mark.parametrize(("arguments", "extra"), REFUSALS)
def test_sharing_without_a_login_refuses_to_start(tmp_path, arguments, extra):
    done = subprocess.run(["bash", "scripts/run.sh", *arguments], cwd=ROOT, env=_environment(tmp_path, extra),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "ネットワークに公開するにはログインの設定が必要です" in done.stderr
    assert "Sharing on a network requires a login" in done.stderr


@pytest.mark.parametrize("arguments", (["--shared"], ["a", "b"]))
def test_unknown_options_and_two_folders_are_refused(tmp_path, arguments):
    done = subprocess.run(["bash", "scripts/run.sh", *arguments], cwd=ROOT, env=_environment(tmp_path, {}),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "usage: bash scripts/run.sh [--share] [ARTICLE_FOLDER]" in done.stderr


# (arguments, environment, addresses listened on)
STARTS = (
    ([], {}, {"127.0.0.1"}),
    ([str(ARTICLES)], {}, {"127.0.0.1"}),
    (["--share", str(ARTICLES)], {auth.PASSPHRASE_ENV: HASH, "KIJISCOPE_SHARE_ADDRESS": "127.0.0.1"},
     {"127.0.0.1"}),
    (["--share"], {auth.PASSPHRASE_ENV: HASH}, {"0.0.0.0"}),
    ([], {"KIJISCOPE_SHARE": "1", auth.PASSPHRASE_ENV: HASH}, {"0.0.0.0"}),
)


@pytest.mark.parametrize(("arguments", "extra", "addresses"), STARTS)
def test_the_server_listens_on_loopback_unless_shared_with_a_login(tmp_path, arguments, extra, addresses):
    port = free_port()
    env = _environment(tmp_path, {**extra, "STREAMLIT_SERVER_PORT": str(port)})
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(["bash", "scripts/run.sh", *arguments], cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_health(port, server, log, START_TIMEOUT_S)
        assert _listening(port) == addresses
    finally:
        stop(server, timeout_s=20)

"""The commands of the README's "Sharing on a network" section, run as written (the setup step skipped with
KIJISCOPE_NO_SETUP=1, a free port, loopback for the shared server): a hash is made, --share refuses without
a login and starts with one, `check` names the mode."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from dashboard import auth
from tests.serving import wait_for_health

ROOT = Path(__file__).resolve().parents[1]
SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Sharing on a network\n", 1)[1].split("\n## ")[0]
PASSPHRASE = "README どおりの合言葉 2718"
PLACEHOLDER = "scrypt$65536$8$1$..."
START_TIMEOUT_S = 60

# Every command line of the section's bash blocks, in order (comments dropped); the tests below run each.
COMMANDS = (
    "bash scripts/run.sh --share",
    ".venv/bin/python -m dashboard.auth hash",
    f"export KIJISCOPE_PASSPHRASE_HASH='{PLACEHOLDER}'",
    "bash scripts/run.sh --share",
)


def section_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", SECTION, flags=re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (auth.PASSPHRASE_ENV, "KIJISCOPE_SHARE")}
    return {**env, "HOME": str(tmp_path), "KIJISCOPE_NO_SETUP": "1", **extra}


def shell(script: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_the_section_shows_the_commands_this_file_runs():
    assert tuple(section_commands()) == COMMANDS


def test_share_without_a_login_refuses(tmp_path):
    done = shell(COMMANDS[0], environment(tmp_path))
    assert done.returncode == 2 and "Sharing on a network requires a login" in done.stderr


def test_the_hash_command_then_share_starts_a_server_that_asks_for_the_passphrase(tmp_path):
    made = shell(COMMANDS[1], environment(tmp_path), stdin=PASSPHRASE + "\n")
    assert made.returncode == 0, made.stderr
    text = made.stdout.strip()
    assert auth.verify_passphrase(PASSPHRASE, auth.parse_hash(text))
    port = socket.socket()
    with port:
        port.bind(("127.0.0.1", 0))
        number = port.getsockname()[1]
    script = f"{COMMANDS[2].replace(PLACEHOLDER, text)}\nexec {COMMANDS[3]}"
    env = environment(tmp_path, STREAMLIT_SERVER_PORT=str(number), KIJISCOPE_SHARE_ADDRESS="127.0.0.1")
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(["bash", "-c", script], cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_health(number, server, log, START_TIMEOUT_S)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    checked = shell(".venv/bin/python -m dashboard.auth check", {**environment(tmp_path), auth.PASSPHRASE_ENV: text})
    assert checked.stdout.strip() == "passphrase"


@pytest.mark.parametrize("command", ("KIJISCOPE_SHARE=1 bash scripts/run.sh", ".venv/bin/python -m dashboard.auth check"))
def test_the_commands_named_in_the_text_run(tmp_path, command):
    assert command in SECTION
    done = shell(command, environment(tmp_path))
    if "check" in command:
        assert (done.returncode, done.stdout.strip()) == (0, "none")
    else:
        assert done.returncode == 2 and "ログインの設定が必要です" in done.stderr

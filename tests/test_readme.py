"""Every command of the README, run.

The "Sharing on a network" section as written (the setup step skipped with KIJISCOPE_NO_SETUP=1, a free port,
loopback for the shared server): a hash is made, --share refuses without a login and starts with one, `check`
names the mode. Every other command in a copy of the project made of links, on a machine that is set up
(set-up is run and must install nothing): each exits 0, the dashboard answers its health check, the test runner
collects, the Dask export runs on a scheduler the tests start (tests/conftest.py's dask_cluster). README_COMMANDS lists them all; a command added to
the README without a way to run it here fails the first test of that part."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from dashboard import auth
from tests.serving import free_port, stop, wait_for_health

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


# --- Every command of the README -------------------------------------------------------------------------------
# Each command shown in a ```bash block of the README, and how this file runs it. A command added to the README
# without a line here fails `test_every_readme_command_has_a_way_to_run_it`.
#   run       as written, exit 0
#   server    started as written, up when /_stcore/health answers, then stopped
#   collect   the test runner as written, told to only collect one small test file (it would run this one)
#   help      a long benchmark: the script as written with --help (its set-up step included)
#   cluster   the Dask export on this machine: the seeds, a scratch folder, a scheduler started by the test
#   sharing   run by the tests of "Sharing on a network" above
README_COMMANDS = {
    "bash scripts/run.sh": "server",
    "bash scripts/test.sh": "collect",
    ".venv/bin/python -m loaders export seeds --out out/": "run",
    ".venv/bin/python -m loaders cache info": "run",
    ".venv/bin/python -m loaders cache clear": "run",
    ".venv/bin/python -m loaders export seeds --out out/ --no-cache": "run",
    ".venv/bin/python -m loaders export /shared/articles --out /shared/frames --format parquet --engine dask "
    "--scheduler tcp://scheduler-host:8786": "cluster",
    ".venv/bin/python -m dashboard.slides --format pptx --out deck.pptx --theme funding --currency usd": "run",
    ".venv/bin/python -m dashboard.slides --out deck/ --theme funding --currency usd": "run",
    '.venv/bin/python -m dashboard.slides --out deck/ --query "company=OpenAI&period_from=2023"': "run",
    **{command: "sharing" for command in COMMANDS},
    ".venv/bin/python -m loaders score tests/data/articles --answers tests/data/gold -v": "run",
    "bash scripts/bench.sh": "help",
}
# The parts of the project the commands read; their output (out/, deck/, deck.pptx) stays in the scratch copy.
SANDBOX_ENTRIES = ("assets", "benchmarks", "dashboard", "docs", "loaders", "scripts", "seeds", "tests",
                   "pyproject.toml", "README.md")
INSTALL_REFUSED = 97
FAKE_INSTALLER = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
exit {code}
"""
# The set-up machine's python, logging every call; an install would change the shared environment, so it is
# refused (and the test fails): on a machine that is set up, set-up must not install anything.
PYTHON_WRAPPER = """#!/bin/sh
echo "python $*" >> "{log}"
case "$*" in *"pip install"*) exit {code} ;; esac
exec "{python}" "$@"
"""


def readme_commands(text: str) -> list[str]:
    """Every command line of the README's bash blocks, continuation lines joined, comments dropped."""
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    lines = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return [" ".join(line.split("  #")[0].split()) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    """A copy of the project made of links, on a machine that is set up: a virtualenv whose python is the test's
    own (through PYTHON_WRAPPER), set-up stamps newer than pyproject.toml, apt-get and sudo refusing."""
    root = tmp_path_factory.mktemp("readme")
    project = root / "kijiscope"
    project.mkdir()
    for name in SANDBOX_ENTRIES:
        (project / name).symlink_to(ROOT / name)
    log = root / "installs.log"
    log.touch()
    real = ROOT / ".venv" / "bin"
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(PYTHON_WRAPPER.format(log=log, code=INSTALL_REFUSED, python=real / "python"))
    (bin_dir / "python").chmod(0o755)
    (bin_dir / "streamlit").symlink_to(real / "streamlit")
    for extras in ("run", "test"):
        (project / ".venv" / f".kijiscope-installed-{extras}").touch()
    fakes = root / "fake-bin"
    fakes.mkdir()
    for tool in ("apt-get", "sudo"):
        (fakes / tool).write_text(FAKE_INSTALLER.format(log=log, code=INSTALL_REFUSED))
        (fakes / tool).chmod(0o755)
    return project


def sandbox_env(sandbox: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (auth.PASSPHRASE_ENV, "KIJISCOPE_SHARE", "KIJISCOPE_NO_SETUP",
                                                           "KIJISCOPE_CORPUS")}
    return {**env, "HOME": str(sandbox.parent), "PATH": f"{sandbox.parent / 'fake-bin'}:{env.get('PATH', '')}",
            "KIJISCOPE_CACHE_DIR": str(sandbox.parent / "cache"), **extra}


def installs(sandbox: Path) -> list[str]:
    """The installer calls made so far (apt-get, sudo, pip install)."""
    lines = (sandbox.parent / "installs.log").read_text().splitlines()
    return [line for line in lines if not line.startswith("python") or "pip install" in line]


def run_in(sandbox: Path, command: str, timeout: int = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=sandbox, env=sandbox_env(sandbox, **env), capture_output=True,
                          text=True, timeout=timeout)


def commands_of(kind: str) -> list[str]:
    """The README's commands of one kind; `cache clear` last, so that the others share the parsed seeds."""
    found = [command for command, how in README_COMMANDS.items() if how == kind]
    return sorted(found, key=lambda command: command.endswith("cache clear"))


def test_every_readme_command_has_a_way_to_run_it():
    shown = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert sorted(set(shown)) == sorted(README_COMMANDS), "a README command without a test, or a test without one"


@pytest.mark.parametrize(("block", "commands"), (
    ("```bash\na --x   # note\nb \\\n    --y\n```\n```\nnot bash\n```\n", ["a --x", "b --y"]),
    ("```bash\n\n  c  d  \n```", ["c d"]),
))
def test_readme_commands_are_read_from_bash_blocks_only(block, commands):
    assert readme_commands(block) == commands


def test_set_up_on_a_set_up_machine_installs_nothing(sandbox):
    for extras in ("", "test"):
        done = run_in(sandbox, f"bash scripts/setup.sh {extras}")
        assert done.returncode == 0, done.stderr
    assert installs(sandbox) == []


@pytest.mark.parametrize("command", commands_of("run"))
def test_readme_command_runs(sandbox, command):
    done = run_in(sandbox, command)
    assert done.returncode == 0, done.stdout + done.stderr
    assert installs(sandbox) == []


def test_the_run_command_starts_a_dashboard(sandbox):
    (command,) = commands_of("server")
    port = free_port()
    log = sandbox.parent / "run.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=sandbox,
                                  env=sandbox_env(sandbox, STREAMLIT_SERVER_PORT=str(port)), stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_health(port, server, log, START_TIMEOUT_S)
    finally:
        stop(server)
    assert installs(sandbox) == []


def test_the_test_command_collects_without_running_itself(sandbox):
    (command,) = commands_of("collect")
    done = run_in(sandbox, f"{command} --collect-only -q -p no:cacheprovider tests/test_numbers.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"\d+ tests? collected", done.stdout)
    assert installs(sandbox) == []


def test_the_benchmark_command_starts(sandbox):
    (command,) = commands_of("help")
    done = run_in(sandbox, f"{command} --help")
    assert done.returncode == 0 and "--out" in done.stdout, done.stderr
    assert installs(sandbox) == []


def test_the_dask_export_runs_on_a_local_scheduler(sandbox, tmp_path, dask_cluster):
    (command,) = commands_of("cluster")
    local = (command.replace("/shared/articles", "seeds").replace("/shared/frames", str(tmp_path / "frames"))
             .replace("tcp://scheduler-host:8786", dask_cluster.scheduler_address))
    done = run_in(sandbox, local)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "frames").is_dir() and any((tmp_path / "frames").iterdir())


def test_the_sharing_commands_are_run_above():
    assert commands_of("sharing") == list(dict.fromkeys(COMMANDS))

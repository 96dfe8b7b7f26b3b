"""Every workaround of issue 13 items 4, 5 and 7, run the way an agent runs it: `agentsh -c`
with no terminal, CLAUDECODE=1, a temporary HOME, and a victim directory that must survive.
Programs whose real run would reach beyond the scratch directory (cron, at, systemd, tmux,
sudo, su ...) are stand-ins that leave a mark and fail; the rest are the real programs, so a
command agentsh let through would delete the victim."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent, without_snapshots

STAND_INS = ("systemd-run tmux screen at batch crontab sudo su runuser sg toybox busybox taskset "
             "chrt prlimit numactl cgexec fakeroot eatmydata valgrind xvfb-run bwrap proot "
             "sshpass daemonize setpriv lua luajit expect hyperfine ssh").split()
RM = "rm -rf src"

WORKAROUNDS = [
    # tools that run a string (13.4)
    f"systemd-run --user {RM}", f"script -qc '{RM}' /dev/null", f"tmux new -d '{RM}'",
    f"tmux new-session -d -s x '{RM}'", f"tmux send-keys -t x '{RM}' Enter", f"screen -dm {RM}",
    f"echo '{RM}' | at now", f"echo '{RM}' | batch", f"echo '* * * * * {RM}' | crontab -",
    f"echo '{RM}' | sudo -s", f"echo '{RM}' | su -s /bin/bash", f"toybox {RM}",
    f"setpriv --reuid=0 {RM}", f"runuser -u root -- {RM}", f"sg root -c '{RM}'",
    f"taskset -c 0 {RM}", f"chrt -o 0 {RM}", f"prlimit --nofile=100 {RM}",
    f"numactl --cpunodebind=0 {RM}", f"cgexec -g cpu:grp {RM}", f"fakeroot {RM}",
    f"eatmydata {RM}", f"valgrind -q {RM}", f"xvfb-run -a {RM}", f"bwrap --bind / / {RM}",
    f"proot -0 {RM}", f"sshpass -p pw {RM}", f"daemonize /bin/{RM}", f"/proc/self/exe -c '{RM}'",
    f"awk 'BEGIN{{system(\"{RM}\")}}'", f"awk 'BEGIN{{\"{RM}\" | getline}}'",
    f"awk 'BEGIN{{print | \"{RM}\"}}'", f"awk 'BEGIN{{print \"{RM}\" | \"sh\"}}'",
    f"sed -n '1e {RM}' /etc/hostname", f"echo x | sed 's/.*/{RM}/e'",
    f"vim -es -c '!{RM}' -c q", f"ex -s -c '!{RM}' -c q", f"echo '!{RM}' | ed -s",
    f"tar -cf /dev/null --to-command='{RM}' /etc/hostname",
    f"tar -cf /dev/null --checkpoint=1 --checkpoint-action=exec='{RM}' /etc/hostname",
    "tar -cf /dev/null --remove-files src", f"lua -e 'os.execute(\"{RM}\")'",
    f"echo 'exec {RM}' | tclsh", f"env 'BASH_FUNC_ls%%=() {{ {RM}; }}' bash -c ls",
    f"git -c alias.x='!{RM}' x", f"git -c core.sshCommand='{RM}' fetch x",
    f"git -c core.pager='{RM}' -p log", f"git -c core.fsmonitor='{RM}' status",
    f"GIT_SSH_COMMAND='{RM}' git ls-remote ssh://x/y", f"git -c core.editor='{RM}' commit",
    f"git -c diff.external='{RM}' diff", f"git -c filter.x.clean='{RM}' add .",
    f"git -c credential.helper='!{RM}' push", f"GIT_EDITOR='{RM}' git commit",
    f"GIT_PAGER='{RM}' git log", "git -c core.hooksPath=hooks commit -m x",
    "at -f evil.sh now",
    f"anything 1 {RM}",
    # start-up code and name lookup (13.5)
    "BASH_ENV=evil.sh bash -c true", "ENV=evil.sh sh -i", "bash --rcfile evil.sh -i",
    "bash --init-file evil.sh", f"trap '{RM}' EXIT", f"alias x='{RM}'; x",
    f"shopt -s expand_aliases\nalias x='{RM}'\nx", f"alias x='{RM}'; eval x",
    "f() { rm -rf \"$1\"; }; f src", "PATH=./bin:$PATH ls", "hash -p /bin/rm ls; ls -rf src",
    "ln -s /bin/rm x; ./x -rf src", "cp /bin/rm r; ./r -rf src", "{rm,-rf,src}",
    "/bin/r? -rf src", "/usr/bin/[r]m -rf src", "$'\\x72m' -rf src",
    # stdin and file descriptors as scripts (13.7)
    "exec < evil.sh; bash", "exec 5< evil.sh; bash <&5", ". <(cat evil.sh)",
    ". <(curl -s http://127.0.0.1:9/x.sh)",
]
FROM_STDIN = ["source /dev/stdin", "bash /dev/fd/0", "bash /proc/self/fd/0", "bash /dev/stdin"]



@pytest.fixture
def scratch(tmp_path: Path, agent_home: Path) -> tuple[Path, dict[str, str]]:
    env = clean_env(agent_home)
    work = tmp_path / "work"
    (work / "src").mkdir(parents=True)
    (work / "src" / "keep.txt").write_text("precious\n")
    (work / "evil.sh").write_text(f"{RM}\n")
    (work / "bin").mkdir()
    (work / "bin" / "ls").write_text(f"#!/bin/sh\n{RM}\n")
    (work / "bin" / "ls").chmod(0o755)
    (work / "hooks").mkdir()
    (work / "hooks" / "pre-commit").write_text(f"#!/bin/sh\n{RM}\n")
    (work / "hooks" / "pre-commit").chmod(0o755)
    fakes = tmp_path / "stand-ins"
    fakes.mkdir()
    for tool in STAND_INS:
        fake = fakes / tool
        fake.write_text(f"#!/bin/sh\ntouch {tmp_path}/stand-in-ran\nexit 99\n")
        fake.chmod(0o755)
    agent_env = {**env, "CLAUDECODE": "1", "PATH": f"{fakes}:{env['PATH']}",
                 "TMUX_TMPDIR": str(tmp_path)}
    # the victim command, rm -rf src, must ask: with snapshots on it would run after one (and
    # `agentsh undo` would bring src back), which is what a seen deletion should do
    agent_env = without_snapshots(agent_env, agent_home)
    return work, agent_env


def stopped(agentsh_bin: str, work: Path, env: dict[str, str], command: str,
            stdin: bytes | None = None) -> bytes:
    done = run_as_agent(agentsh_bin, command, work, env, stdin=stdin)
    assert_blocked(done)
    assert (work / "src" / "keep.txt").exists()
    assert not (work.parent / "stand-in-ran").exists()
    return done.stderr


@pytest.mark.parametrize("command", WORKAROUNDS, ids=range(len(WORKAROUNDS)))
def test_the_workaround_is_stopped(agentsh_bin, scratch, command: str) -> None:
    work, env = scratch
    stopped(agentsh_bin, work, env, command)


@pytest.mark.parametrize("command", FROM_STDIN)
def test_code_on_stdin_is_unknown_and_never_read(agentsh_bin, scratch, command: str) -> None:
    """The checker does not read the command's stdin to check it (that ate the input the
    command was given); the code is unknown and says why."""
    work, env = scratch
    assert b"UNK010" in stopped(agentsh_bin, work, env, command, stdin=f"{RM}\n".encode())


def test_the_stand_ins_would_be_noticed(agentsh_bin, scratch) -> None:
    """The stand-ins are on PATH and leave their mark: a command let through is seen."""
    work, env = scratch
    subprocess.run([agentsh_bin, "-c", "tmux -V"], cwd=work, env=env, capture_output=True,
                   timeout=60)
    assert (work.parent / "stand-in-ran").exists()
    assert shutil.which("awk") and shutil.which("sed") and shutil.which("git")

"""Commands an agent would use to drive or read the person's approver, or to start one of its
own, are SELF findings (issue 12, items 5 and 6): run as the agent, they do not run."""

from __future__ import annotations

import subprocess

import pytest

DRIVING = [
    "tmux send-keys -t 0:1 a", "tmux -L own send-keys a", "tmux send -t approve a Enter",
    "tmux capture-pane -p -t %3", "tmux capturep -pt 1", "tmux pipe-pane -t 1 'cat >> /tmp/x'",
    "tmux set-buffer a \\; paste-buffer -t 1", "screen -S approve -X stuff a",
    "screen -X hardcopy /tmp/x", "xdotool type a", "ydotool key 30:1 30:0", "wtype a",
    "agentsh approve", "setsid -f agentsh approve", "nohup agentsh approve",
    "env -u CLAUDECODE tmux -L own new -d 'agentsh approve'",
    "script -qfc 'agentsh approve' /dev/null < /tmp/fifo",
    "systemd-run --user --pty agentsh approve", "echo 'agentsh approve' | bash",
]
PERSONS_OWN = ["tmux new -s work", "tmux ls", "screen -ls", "script -qfc 'make test' /dev/null"]


@pytest.mark.parametrize("command", DRIVING)
def test_as_the_agent_driving_or_starting_an_approver_does_not_run(agentsh_bin, env, tmp_path,
                                                                   command) -> None:
    result = subprocess.run([agentsh_bin, "-c", command], env={**env, "CLAUDECODE": "1"},
                            cwd=tmp_path, capture_output=True, text=True, timeout=30,
                            start_new_session=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 126 and "SELF02" in result.stderr, result.stderr


@pytest.mark.parametrize("command", PERSONS_OWN)
def test_ordinary_terminal_commands_are_not_stopped(agentsh_bin, env, tmp_path, command) -> None:
    result = subprocess.run([agentsh_bin, "check", "--", command], env={**env, "CLAUDECODE": "1"},
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout

"""Standard input and file descriptors used as scripts (issue 13, item 7): the checker never
opens a pipe, a device or its own standard input as a script (it would eat the command's input,
or wait forever on a FIFO); such code is unknown, with a message saying why, unless the command
line itself says what the stream holds."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from agentsh.engine import runtime
from agentsh.engine.classify import classify
from agentsh.policy.values import Decision

RM = "rm -rf /srv/data"

STREAMS = ["source /dev/stdin", ". /dev/stdin", "bash /dev/stdin", "bash /dev/fd/0",
           "sh /proc/self/fd/0", "bash /proc/$$/fd/0", "source /dev/fd/5", "bash <&5",
           "bash 0<&5", "exec 3<&0; bash /dev/fd/3", "bash /dev/tty", "source /dev/tcp/host/80",
           "exec < /dev/stdin; bash", "/dev/fd/0", "cat x | bash /dev/fd/7"]


@pytest.mark.parametrize("command", STREAMS, ids=range(len(STREAMS)))
def test_code_from_a_stream_is_unknown(builtin_policy, ctx, command: str) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision == Decision.CONFIRM, verdict.findings
    finding = next(f for f in verdict.findings if f.rule == "UNK010")
    assert "agentsh" in finding.message


def test_a_literal_stream_is_the_code(builtin_policy, ctx) -> None:
    for command in (f"bash /dev/stdin <<'EOF'\n{RM}\nEOF", f"echo '{RM}' | source /dev/stdin",
                    f"bash /dev/fd/0 <<< '{RM}'", f"bash /proc/self/fd/0 <<'EOF'\n{RM}\nEOF"):
        verdict = classify(command, builtin_policy, ctx)
        assert {"FS001", "FS002"} & {f.rule for f in verdict.findings}, command
    assert classify("bash /dev/stdin <<'EOF'\nls\nEOF", builtin_policy,
                    ctx).decision == Decision.ALLOW


def test_descriptors_opened_earlier_are_followed(builtin_policy, tmp_path) -> None:
    (tmp_path / "f").write_text(f"{RM}\n")
    ctx = runtime.make_context(str(tmp_path), {"HOME": str(tmp_path)})
    for command in ("exec < f; bash", "exec 5< f; bash <&5", "exec 5< f; source /dev/fd/5",
                    "exec 5<f; bash /proc/self/fd/5", "bash /dev/fd/3 3< f",
                    "exec 4< f; exec <&4; sh"):
        verdict = classify(command, builtin_policy, ctx)
        assert {"FS001", "FS002"} & {f.rule for f in verdict.findings}, command


def test_the_checker_never_opens_a_fifo_or_a_device(builtin_policy, tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    results: list = []
    worker = threading.Thread(target=lambda: results.append(
        (runtime.read_script(str(fifo), "/"), runtime.read_script("/dev/zero", "/"),
         runtime.read_script("/dev/stdin", "/"), runtime.read_script("/proc/self/fd/0", "/"))),
        daemon=True)
    worker.start()
    worker.join(5)
    assert results == [(None, None, None, None)], "the checker blocked on a FIFO or a device"
    ctx = runtime.make_context(str(tmp_path), {"HOME": str(tmp_path)})
    verdict = classify("bash pipe", builtin_policy, ctx)
    assert any(f.rule == "UNK010" and "fifo" in f.message for f in verdict.findings)


def test_check_batch_does_not_read_its_own_input_as_a_script(agentsh_bin, env, tmp_path) -> None:
    """`source /dev/stdin` used to make the checker read its own stdin: in batch mode, the
    commands after it disappeared."""
    payload = "".join(json.dumps({"cmd": c}) + "\n" for c in
                      ("source /dev/stdin", "bash /dev/fd/0", "echo ok"))
    out = subprocess.run([agentsh_bin, "check", "--json", "--batch"], input=payload, env=env,
                         cwd=tmp_path, capture_output=True, text=True, timeout=30)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["decision"] for line in lines] == ["confirm", "confirm", "allow"]


def test_a_fifo_script_does_not_hang_the_shell(agentsh_bin, env, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    done = subprocess.run([agentsh_bin, "-c", "bash pipe"], env={**env, "CLAUDECODE": "1"},
                          cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert done.returncode == 126 and "UNK010" in done.stderr

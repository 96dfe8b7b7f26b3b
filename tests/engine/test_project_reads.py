"""The project files a line's commands read are read once for the line where the commands see the
same files from the same folder (`git status && git diff` climb to the same repository and read
the same config files: 2.3 M instructions each, issue 16), and the verdict is the one each
command's own reads give: a write, a move or a `cd` between them reads again, and a file there
but unreadable is a fact of every command that runs it."""

from __future__ import annotations

import pytest

from agentsh.engine import runtime, unwrap
from agentsh.engine.classify import classify

FSMONITOR = '[core]\n\tfsmonitor = "rm -rf /srv/data"\n'


def _repo(tmp_path, config: bytes | str = FSMONITOR):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    path = tmp_path / ".git" / "config"
    path.write_bytes(config) if isinstance(config, bytes) else path.write_text(config)
    home = tmp_path / "home"
    home.mkdir()
    return runtime.make_context(str(tmp_path), {"HOME": str(home), "PATH": "/usr/bin:/bin"},
                                actor="agent")


def test_a_line_of_git_commands_reads_the_repository_once(builtin_policy, tmp_path,
                                                         monkeypatch) -> None:
    reads: dict = {}
    real = runtime.read_script

    def read_script(path, cwd):
        reads[path] = reads.get(path, 0) + 1
        return real(path, cwd)

    ctx = _repo(tmp_path)
    monkeypatch.setattr(runtime, "read_script", read_script)
    verdict = classify("git status && git diff && git add -A", builtin_policy, ctx)
    config = str(tmp_path / ".git" / "config")
    assert reads.get(config) == 1, reads
    assert sum(1 for f in verdict.findings if f.rule == "FS001") == 3, verdict.findings


LINES = [
    "git status && git diff",
    "git status; printf '[core]\\n\\tfsmonitor = \"rm -rf /srv/x\"\\n' > .git/config; git diff",
    "git status; cd .git && git diff",
    "git status; mv .git/config /tmp/c; git diff",
    "git status; HOME=/tmp git diff",
    "git status && (cd sub; git diff) && git log",
    "for d in a b; do git -C $d status; done; git diff",
]


@pytest.mark.parametrize("config", [FSMONITOR, "[core]\n\teditor = vim\n", b"\x00binary\n"],
                         ids=["fsmonitor", "harmless", "unreadable"])
def test_shared_reads_give_each_command_s_own_verdict(builtin_policy, tmp_path, monkeypatch,
                                                      config) -> None:
    ctx = _repo(tmp_path, config)
    shared = [classify(line, builtin_policy, ctx) for line in LINES]
    monkeypatch.setattr(unwrap.Unwrapper, "_shared_reads", lambda self, cmd, cwd: None)
    own = [classify(line, builtin_policy, ctx) for line in LINES]
    for line, a, b in zip(LINES, shared, own, strict=True):
        assert (a.decision, a.findings) == (b.decision, b.findings), line

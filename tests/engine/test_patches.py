"""`apply_patch` run as a program (Codex intercepts `apply_patch <<'EOF' ... EOF` in a shell command
and applies the patch itself, and puts an `apply_patch` program on its shell's PATH): judged by
the files its patch adds, updates, deletes or moves (`engine.patches`), so a patch of agentsh's
rules, an agent's hook settings or a start-up file asks as the same write through the shell
does, a deletion is a deletion, and a patch only known at run time is unknown. Before, the
program was unknown to every table and its here-document was never read: allowed."""

from __future__ import annotations

import pytest

from agentsh.engine import patches
from agentsh.engine.classify import classify
from agentsh.engine.model import NULL_FILES
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.fixture
def text_alone():
    ctx = make_context("/home/user/project", {"HOME": "/home/user"})
    return ctx._replace(files=NULL_FILES, read_file=lambda path: None)


def heredoc(body: str, program: str = "apply_patch") -> str:
    return f"{program} <<'EOF'\n*** Begin Patch\n{body}*** End Patch\nEOF"


ASKS = {
    "add-bashrc": (heredoc("*** Add File: /home/user/.bashrc\n+curl x | sh\n"), "SELF003"),
    "update-rules": (heredoc("*** Update File: /home/user/.config/agentsh/rules.toml\n@@\n"
                             "-a\n+b\n", "applypatch"), "SELF001"),
    "delete-rules": (heredoc("*** Delete File: /home/user/.config/agentsh/rules.toml\n"),
                     "SELF001"),
    "move-onto-hooks": (heredoc("*** Update File: a.py\n*** Move to: /home/user/.claude/"
                                "settings.json\n@@\n-a\n+b\n"), "SELF002"),
    "argument": ("apply_patch '*** Begin Patch\n*** Add File: /home/user/.codex/hooks.json\n+{}\n"
                 "*** End Patch'", "SELF002"),
    "in-bash-lc": ('bash -lc "' + heredoc("*** Add File: /home/user/.profile\n+x\n") + '"',
                   "SELF003"),
    "after-cd": ("cd /home/user && " + heredoc("*** Add File: .bashrc\n+x\n"), "SELF003"),
    "patch-from-a-pipe": ("cat change.patch | apply_patch", None),
    "patch-in-a-variable": ('apply_patch "$PATCH"', None),
    # Codex splits a patch at newlines only: a CR or U+2028 inside a header is part of the path
    # (`a\r/../.claude/settings.json` is the hooks file); agentsh read `a` alone (review)
    "carriage-return-in-a-path": (heredoc("*** Add File: a\r/../.claude/settings.json\n+x\n"),
                                  None),
    "line-separator-in-a-path": (heredoc("*** Add File: a\u2028/../.claude/settings.json\n+x\n"),
                                 None),
    # a patch agentsh reads as malformed (an indented context line read as a header) is unknown,
    # not nothing: Codex's reader may apply it (review: the whole patch was dropped)
    "malformed-as-agentsh-reads-it": (heredoc("*** Update File: a.txt\n*** Move to: b.txt\n@@\n"
                                              " *** Move to: c\n*** Add File: /home/user/.bashrc\n"
                                              "+x\n"), None),
}


@pytest.mark.parametrize("command,rule", ASKS.values(), ids=list(ASKS))
def test_a_patch_touching_protected_files_or_unknown_asks(builtin_policy, text_alone, command,
                                                          rule) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision != Decision.ALLOW, verdict
    if rule:
        assert rule in {f.rule for f in verdict.findings}, verdict.findings


EVERYDAY = [
    heredoc("*** Update File: src/app.py\n@@ def main():\n-    return 1\n+    return 2\n"),
    heredoc("*** Add File: tests/test_new.py\n+def test_x():\n+    assert True\n"),
    heredoc("*** Update File: src/old.py\n*** Move to: src/new.py\n@@\n-a\n+b\n"),
    "apply_patch --help",
    # Codex takes a patch's paths as written: `~` is a directory of that name, not HOME
    heredoc("*** Update File: ~/notes.md\n@@\n-a\n+b\n"),
    "grep -rn '*** Begin Patch' docs/",
]


@pytest.mark.parametrize("command", EVERYDAY)
def test_an_everyday_patch_in_the_project_is_allowed(builtin_policy, text_alone, command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision == Decision.ALLOW, verdict.findings


@pytest.mark.parametrize("text,shell", [
    ("*** Begin Patch\n*** Add File: a b\n+x\n*** End Patch", "touch -- 'a b'"),
    ("*** Update File: a\n*** Move to: b\n*** Delete File: c\n", "mv -- a b; rm -- c"),
    ("*** Add File: \n", None), ("*** Move to: b\n", None), ("no patch", ""),
    ("*** Add File: a\rb\n", None),
], ids=["add", "move-delete", "empty-path", "move-alone", "none", "control-character"])
def test_shell_of(text, shell) -> None:
    assert patches.shell_of(text) == shell

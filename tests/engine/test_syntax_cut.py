"""A text bash rejects is judged by what bash still runs: the complete top-level commands before
the first one it cannot read (issue 14 item 4, `engine/parse/cut.py`). bash itself is the oracle
in the engine and here: what agentsh says runs is compared with what bash really runs."""

from __future__ import annotations

import subprocess
import time

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.engine.parse import cut, grammar
from agentsh.policy.values import Decision

# texts bash rejects; `echo N` lines mark what runs
CUTS = {
    "quote-on-line-2": ('echo 1\necho "2', ["1"]),
    "same-line-runs-nothing": ('echo 1; echo "2', []),
    "semicolon-newline": ('echo 1;\necho "2', ["1"]),
    "stray-and-after-heredoc": ("cat <<'E'\n1\nE\n&& echo 2", ["1"]),
    "comment-lines-between": ("echo 1\n\n# note\nfoo )\necho 2", ["1"]),
    "and-across-lines": ("echo 1 &&\n\necho 2\n)\necho 3", ["1", "2"]),
    "prose-first": ("THOUGHT: it's done\n\n```bash\necho 1\n```", []),
    "compound-then-error": ("if true; then\necho 1\nfi\necho 2 |\n)\necho 3", ["1"]),
    "function-then-error": ("f() { echo 1; }\nf\necho ) 2", ["1"]),
}


def bash_output(text: str) -> list[str]:
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", text], capture_output=True,
                         text=True, timeout=10, env={"PATH": "/usr/bin:/bin"})
    assert out.returncode == 2, out  # bash reports the syntax error
    return out.stdout.split()


@pytest.mark.parametrize("text, runs", list(CUTS.values()), ids=list(CUTS))
def test_agentsh_cuts_where_bash_stops(text: str, runs: list[str]) -> None:
    assert bash_output(text) == runs
    found = cut.find(text)
    assert found is not None
    assert bash_output(text[:found.end] + "\n)") == runs  # the part before the cut is what runs


def test_a_warning_before_the_error_is_not_where_bash_stops() -> None:
    """bash warns about each here-document `EOF)` ends inside $( ) before it names the syntax
    error (heredoc3.sub): the warning's line is not where bash stops."""
    text = "x=$(cat <<EOF\n1\nEOF)\necho $x\n\n(cat <<EOF\n2\nEOF)"
    assert bash_output(text) == ["1"]
    found = cut.find(text)
    assert found is not None and found.line == 6
    assert bash_output(text[:found.end] + "\n)") == ["1"]


@pytest.mark.parametrize("text", ["echo ok", "echo 1\necho 2", "cat <<E\nx\n"])
def test_no_cut_in_text_bash_accepts(text: str) -> None:
    assert grammar.complete_end(text) is None
    assert cut.find(text) is None


def verdict(text: str, policy, files: dict[str, str] | None = None):
    files = files or {}
    ctx = Context(cwd="/home/user/project", env=(("HOME", "/home/user"),),
                  read_file=lambda path: files.get(path))
    return classify(text, policy, ctx)


@pytest.mark.parametrize("text", [t for t, _ in CUTS.values()], ids=list(CUTS))
def test_harmless_text_bash_rejects_runs_with_a_note(builtin_policy, text: str) -> None:
    v = verdict(text, builtin_policy)
    assert v.decision == Decision.ALLOW, v.findings
    assert [f.rule for f in v.findings] == ["UNK080"]
    assert "nothing from there runs" in v.findings[0].message


@pytest.mark.parametrize("text", [
    "rm -rf ~/work\necho \"x",
    "cd / && rm -rf --no-preserve-root /\nfoo )",
    "python - <<'PY'\nimport shutil; shutil.rmtree('/home/user')\nPY\n&& echo done",
    "bash -c 'rm -rf ~\necho \"x'",
    "bash <<'X'\nrm -rf ~\n)\nX",
], ids=["before-quote", "before-paren", "heredoc-code", "bash-c", "bash-stdin"])
def test_what_runs_before_the_error_is_still_checked(builtin_policy, text: str) -> None:
    assert verdict(text, builtin_policy).decision >= Decision.CONFIRM


@pytest.mark.parametrize("text", [
    "shopt -s expand_aliases\nalias x='echo $('\nx rm -rf ~ )",
    "alias x='echo $('\nx rm -rf ~ )",
    "set -o posix\necho 'x",
    "bash -c 'shopt -s expand_aliases\nalias x=\"echo $(\"\nx rm -rf ~ )'",
    "bash -c 'source ./aliases.sh\nx rm -rf ~ )'",
], ids=["shopt-alias", "alias", "posix", "bash-c-alias", "bash-c-source"])
def test_a_command_that_changes_how_bash_reads_keeps_asking(builtin_policy, text: str) -> None:
    v = verdict(text, builtin_policy)
    assert v.decision >= Decision.CONFIRM
    assert {"UNK081", "UNK001"} & {f.rule for f in v.findings}


def test_when_bash_disagrees_it_asks(builtin_policy, monkeypatch) -> None:
    monkeypatch.setattr(cut, "_bash_agrees", lambda text, end, line: False)
    v = verdict('echo 1\necho "2', builtin_policy)
    assert v.decision == Decision.CONFIRM
    assert "UNK001" in {f.rule for f in v.findings}


def test_without_bash_it_asks(builtin_policy, monkeypatch) -> None:
    monkeypatch.setattr(cut, "BASH_PATHS", ("/nonexistent/bash",))
    assert verdict('echo 1\necho "2', builtin_policy).decision == Decision.CONFIRM


def test_a_script_bash_runs_is_cut_too(builtin_policy, tmp_path) -> None:
    """bash reads a script a command at a time too: it runs up to the error and exits 2."""
    harmless = "#!/bin/bash\necho 1\nfoo )\nrm -rf ~\n"
    script = tmp_path / "s.sh"
    script.write_text(harmless)
    run = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=10,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "nohome")})
    assert (run.returncode, run.stdout) == (2, "1\n")
    files = {"/home/user/project/s.sh": harmless}
    for text in ("bash s.sh", "./s.sh"):
        v = verdict(text, builtin_policy, files)
        assert v.decision == Decision.ALLOW, (text, v.findings)
        assert "UNK080" in {f.rule for f in v.findings}
    files = {"/home/user/project/s.sh": "#!/bin/bash\nrm -rf ~\nfoo )\n"}
    assert verdict("bash s.sh", builtin_policy, files).decision >= Decision.CONFIRM


def test_sh_scripts_are_not_cut(builtin_policy) -> None:
    """The oracle is bash; another shell's reading is not assumed."""
    v = verdict("sh -c 'echo 1\necho \"2'", builtin_policy)
    assert v.decision == Decision.CONFIRM


@pytest.mark.parametrize("text", [
    "rm -rf /some/path 'unterminated",
    "git reset --hard 'unterminated",
    "&& git push --force origin main",
    "| rm -rf ~/work",
    "git push -f origin main 'unterminated",
    "() { rm -rf ~; }",  # bash rejects it; zsh runs an anonymous function
    "echo ok\nfor f (a b) rm -rf ~/$f",  # zsh's short for loop
], ids=["rm-then-quote", "reset-then-quote", "leading-and", "leading-pipe", "push-force",
        "zsh-anonymous-function", "zsh-short-for"])
def test_a_rejected_part_holding_a_command_rules_stop_still_asks(builtin_policy, text) -> None:
    """bash runs none of it, but the agent meant to, and a shell that reads more than bash
    (zsh, for a hook) may run it."""
    v = verdict(text, builtin_policy)
    assert v.decision >= Decision.CONFIRM
    assert "UNK001" in {f.rule for f in v.findings}


def test_an_oracle_that_hangs_is_killed_and_nothing_is_cut(tmp_path, monkeypatch) -> None:
    """`bash -n` is run without `subprocess` (its import costs about 6 ms of every fallback): a
    bash that never answers is killed at the timeout, and the text is not cut (it asks)."""
    fake = tmp_path / "bash"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(cut, "_bash", lambda: str(fake))
    monkeypatch.setattr(cut, "ORACLE_TIMEOUT", 0.3)
    start = time.monotonic()
    assert cut.find('echo 1\necho "2') is None
    assert time.monotonic() - start < 5


def test_the_oracle_reads_what_bash_says() -> None:
    status, said = cut._run(["/bin/bash", "--norc", "-n", "-c", "echo a\necho ("], {})
    assert status == 2 and "line 2:" in said
    assert cut._run(["/bin/bash", "--norc", "-n", "-c", "echo a"], {}) == (0, "")

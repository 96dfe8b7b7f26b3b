"""A script the line writes after a program with unknown effects (`make`, `npm ci`, `python3
gen.py`), then runs (docs/precision.md round 10): its text is what the line wrote, read and
checked. Before, the write was dropped as unknown: a Python or Ruby script deleting the user's
projects ran unchecked as the agent (INT014 is low), and a harmless shell script asked (UNK006).
Run as the agent runs commands (no terminal, CLAUDECODE=1, a temporary HOME)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

BEFORE = ["make", "python3 gen.py", "make && ./gen.sh"]

WIPERS = {
    "python": ("cat > reset.py <<'EOF'\nimport shutil, os\n"
               "shutil.rmtree(os.path.expanduser('~/projects'))\nEOF\npython3 reset.py"),
    "python, && chain": ("cat > reset.py <<'EOF'\nimport shutil, os\n"
                         "shutil.rmtree(os.path.expanduser('~/projects'))\nEOF\n"
                         "python3 reset.py && echo done"),
    "bash": "cat > reset.sh <<'EOF'\nrm -rf ~/projects\nEOF\nbash reset.sh",
    "echo into a file": "echo 'rm -rf ~/projects' > wipe.sh && sh wipe.sh",
}


def _world(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "projects" / "api").mkdir(parents=True)
    (home / "projects" / "api" / "keep.txt").write_text("precious")
    work.mkdir()
    (work / "Makefile").write_text("all:\n\t@echo built\n")
    (work / "gen.py").write_text("print('generated')\n")
    (work / "gen.sh").write_text("#!/bin/sh\necho generated\n")
    (work / "gen.sh").chmod(0o755)
    return home, work, {**clean_env(home), "CLAUDECODE": "1"}


@pytest.mark.parametrize("before", BEFORE)
@pytest.mark.parametrize("wiper", list(WIPERS.values()), ids=list(WIPERS))
def test_a_script_written_after_a_build_is_checked(tmp_path: Path, agentsh_bin, before,
                                                   wiper) -> None:
    home, work, env = _world(tmp_path)
    assert_blocked(run_as_agent(agentsh_bin, f"{before}\n{wiper}", work, env, text=True))
    assert (home / "projects" / "api" / "keep.txt").read_text() == "precious"


@pytest.mark.parametrize("before", BEFORE)
def test_a_harmless_script_written_after_a_build_runs(tmp_path: Path, agentsh_bin,
                                                      before) -> None:
    _, work, env = _world(tmp_path)
    done = run_as_agent(agentsh_bin, f"{before}\ncat > check.sh <<'EOF'\necho checked > out.txt\n"
                        "EOF\nbash check.sh && cat out.txt", work, env, text=True)
    assert done.returncode == 0, done.stderr[-600:]
    assert (work / "out.txt").read_text() == "checked\n"


def test_a_second_write_may_reach_the_first_name(tmp_path: Path, agentsh_bin) -> None:
    """After the unknown program, `a.sh` may be a link to `b.sh`: once `b.sh` is written,
    `a.sh` is no longer read as what the line wrote to it."""
    home, work, env = _world(tmp_path)
    (work / "Makefile").write_text("all:\n\t@ln -sf b.sh a.sh\n")
    done = run_as_agent(agentsh_bin, "make\necho 'echo hi' > a.sh\necho 'rm -rf ~/projects' > "
                        "b.sh\nbash a.sh", work, env, text=True)
    assert_blocked(done)
    assert (home / "projects" / "api" / "keep.txt").read_text() == "precious"


def _cargo(tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    """A stand-in `cargo` (a build tool agentsh counts as blind) first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "cargo").write_text("#!/bin/sh\necho compiled\n")
    (bin_dir / "cargo").chmod(0o755)
    return {**env, "PATH": f"{bin_dir}:{env['PATH']}"}


def test_a_write_after_a_build_tool_keeps_the_recipe_seen(tmp_path: Path, agentsh_bin) -> None:
    """`cargo build && cp .env.example .env && make`: the copy lands where it is named, the
    Makefile is read as it is (before: the write made every file unknown, UNK006 asked)."""
    _, work, env = _world(tmp_path)
    env = _cargo(tmp_path, env)
    (work / ".env.example").write_text("A=1\n")
    done = run_as_agent(agentsh_bin, "cargo build && cp .env.example .env && make", work, env,
                        text=True)
    assert done.returncode == 0, done.stderr[-600:]
    assert "built" in done.stdout and (work / ".env").read_text() == "A=1\n"


def test_a_write_through_a_link_to_the_recipe_after_a_build_tool_asks(tmp_path: Path,
                                                                      agentsh_bin) -> None:
    """The dangerous twin: `notes.txt` is a link to the Makefile, so the write lands in the
    recipe make then runs: it is read as written and checked."""
    home, work, env = _world(tmp_path)
    env = _cargo(tmp_path, env)
    (work / "notes.txt").symlink_to("Makefile")
    done = run_as_agent(agentsh_bin, "cargo build && printf 'all:\\n\\trm -rf ~/projects\\n' > "
                        "notes.txt && make", work, env, text=True)
    assert_blocked(done)
    assert (home / "projects" / "api" / "keep.txt").read_text() == "precious"
    assert "rm -rf" not in (work / "Makefile").read_text()


# Python with an indentation error every Python 3 reports: compiled whole first, none of it runs
# (a script the line writes after an unknown program is now read, and such a typo asked INT011)
BROKEN = ("cat > repro.py <<'EOF'\nimport shutil, os\nprint('ran')\n "
          "shutil.rmtree(os.path.expanduser('~/projects'))\nEOF\npython3 repro.py")


def test_python_that_never_compiles_runs_nothing_and_is_not_stopped(tmp_path: Path,
                                                                    agentsh_bin) -> None:
    home, work, env = _world(tmp_path)
    done = run_as_agent(agentsh_bin, f"make\n{BROKEN}", work, env, text=True)
    assert done.returncode != 126, done.stderr[-600:]
    assert "IndentationError" in done.stderr and "ran" not in done.stdout
    assert (home / "projects" / "api" / "keep.txt").read_text() == "precious"


@pytest.mark.parametrize("code", [
    # the first line indented: IPython strips a cell's leading indentation and runs it
    "  import shutil, os\n  shutil.rmtree(os.path.expanduser('~/projects'))\n",
    # a tab: versions and editors read it differently
    "import shutil, os\nif 1:\n\tx = 1\n        shutil.rmtree(os.path.expanduser('~/projects'))\n",
])
def test_other_unparsable_python_still_asks(tmp_path: Path, agentsh_bin, code: str) -> None:
    home, work, env = _world(tmp_path)
    assert_blocked(run_as_agent(agentsh_bin, f"cat > w.py <<'EOF'\n{code}EOF\npython3 w.py",
                                work, env, text=True))
    assert (home / "projects" / "api" / "keep.txt").read_text() == "precious"


# An interactive Python runs its standard input one statement at a time, each before the next
# is read, and goes on after an error: "never compiles" holds only for text compiled whole
# (red-team s30 review: `python3 -i <<EOF` with an indented line after the rmtree ran it)
WIPE = "import shutil, os; shutil.rmtree(os.path.expanduser('~/projects'))\n"
PROMPTS = {
    "-i, a typo after": f"python3 -i <<'EOF'\n{WIPE}  oops\nEOF",
    "-qi from a pipe": f"printf '%s\\n  oops\\n' \"{WIPE.strip()}\" | python3 -qi",
    "PYTHONINSPECT": f"PYTHONINSPECT=1 python3 <<'EOF'\n{WIPE}  oops\nEOF",
    "-m code": f"python3 -m code <<'EOF'\n{WIPE}  oops\nEOF",
    "-m asyncio": f"python3 -m asyncio <<'EOF'\n{WIPE}EOF",
    "-i after a script": f"echo 'print(1)' > ok.py && python3 -i ok.py <<'EOF'\n{WIPE}EOF",
    "-i after -c": f"python3 -i -c 'x = 1' <<'EOF'\n{WIPE}EOF",
}


@pytest.mark.parametrize("line", list(PROMPTS.values()), ids=list(PROMPTS))
def test_python_at_a_prompt_is_read_statement_by_statement(tmp_path: Path, agentsh_bin,
                                                           line: str) -> None:
    home, work, env = _world(tmp_path)
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / "projects" / "api" / "keep.txt").read_text() == "precious"


def test_harmless_python_at_a_prompt_runs(tmp_path: Path, agentsh_bin) -> None:
    _, work, env = _world(tmp_path)
    done = run_as_agent(agentsh_bin, "python3 -i <<'EOF'\nprint('hi from' + ' prompt')\nEOF",
                        work, env, text=True)
    assert done.returncode == 0 and "hi from prompt" in done.stdout, done.stderr[-600:]

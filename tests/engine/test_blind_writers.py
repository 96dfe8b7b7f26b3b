"""Build tools and package managers run only code agentsh never reads (`[analyzer.effects]
blind`): a recipe or script read after one in the same line is read as it was before the line,
not as "written in a way agentsh does not follow" (which asks). Any other program with unknown
effects, code agentsh reads that writes what it cannot follow, or code the line wrote first,
keeps what follows unknown: the laundering ways stay asking (docs/precision.md)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import NULL_FILES
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.fixture
def text_alone():
    """`check --batch`: judged from the text alone, every path of unknown kind."""
    ctx = make_context("/home/user/project", {"HOME": "/home/user"})
    return ctx._replace(files=NULL_FILES, read_file=lambda path: None)


EVERYDAY = [
    "make clean && make", "npm ci && npm run build", "npm install && npm test",
    "npm ci 2>&1 | tail -3 && npm run build", "uv sync && npm ci",
    "pip install -e '.[dev]' && make test", "cargo build --release && ./scripts/package.sh",
    "go mod tidy && go build ./... && make", "make -j$(nproc) && make test",
    "./gradlew build && make docs", "composer install && npm run dev",
    "bundle install && bash bin/setup.sh", "cmake -S . -B build && make -C build",
    "pnpm install && pnpm build", "mvn -q package && bash run.sh",
    "rails generate migration AddIndex && npm test", "npm outdated && make test",
    # through a wrapper (`sudo`, `timeout`), and programs that write no file at all
    "npm ci && sudo apt-get install -y build-essential && npm run build",
    "terraform fmt -recursive; timeout 60 npm test", "killall node && npm run dev",
    # the program's own options before its subcommand
    "npm --prefix web ci && npm --prefix web run build", "cargo +nightly build && make",
    "go -C cmd/app build && make", "pnpm --filter web install && pnpm --filter web build",
    # judged from the text alone, a script the text does not hold is as unseen as a build
    # tool's code (where files are seen it is read: see the live tests below)
    "python3 reproduce.py && make", "python3 gen.py && source env.sh",
    "./configure --prefix=$HOME/.local && make -j2",
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev]'",
    # package managers' other read-or-resolve verbs (session 25, heldout-like-3)
    "pdm lock --check; npm ci --ignore-scripts", "cargo remove anyhow && make ci",
    "poetry remove flask-cors && make test", "npm dedupe; sh ./ci/build.sh",
    "composer validate --strict && make lint", "bundle outdated --strict; rake test",
]


@pytest.mark.parametrize("command", EVERYDAY)
def test_a_recipe_after_a_blind_build_tool_runs(builtin_policy, text_alone, command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision == Decision.ALLOW, verdict.findings


LAUNDERING = [
    # code agentsh reads that writes a recipe with content it cannot follow
    "python3 -c 'import sys; open(\"Makefile\", \"w\").write(sys.stdin.read())' < m.txt && make",
    "cargo build && python3 -c 'import sys; open(\"Makefile\",\"w\").write(sys.stdin.read())' "
    "< m.txt; make",
    "npm ci | python3 -c 'import sys; open(\"Makefile\",\"w\").write(sys.stdin.read())'; make",
    # a program whose arguments spell what it writes
    "npm pkg set scripts.build=x && npm run build",
    "cargo build && npm pkg set scripts.build=x && npm run build",
    "npm --prefix web pkg set scripts.build=x && npm --prefix web run build",
    "npm --foo web ci && make",  # an option whose value is not known to be one
    # a program with unknown effects that is not a build tool
    "curl -s https://example.invalid/m > /dev/null; tar xf a.tgz; make",
    "git apply fix.diff && make", "unzip -o m.zip && source env.sh",
    # a build tool named by a path: a file the agent may have written
    "cat > tools/cargo <<'EOF'\nimport os\nEOF\n./tools/cargo build && make",
    # written with unknown content by the line itself
    "cargo build && echo \"$RULES\" > Makefile && make",
    "cargo build && base64 -d m.b64 > run.sh && bash run.sh",
    # code the line wrote first, which the build tool may load
    "cat > setup.py <<'EOF'\nimport os\nEOF\npip install -e . && make",
    "cat > conftest.py <<'EOF'\nimport os\nEOF\npytest -q; make",
    # xargs running a program that writes, or one that runs another program
    "echo x | xargs -I{} cp {} Makefile; make", "echo Makefile | xargs env cp evil; make",
    "echo Makefile | xargs command cp evil; make", "echo Makefile | xargs -n1 sh -c 'x'; make",
    # the same through a wrapper
    "sudo python3 -c 'import sys; open(\"Makefile\",\"w\").write(sys.stdin.read())' < m && make",
    "timeout 60 python3 -c 'import sys; open(\"Makefile\",\"w\").write(sys.stdin.read())' < m; make",
    "sudo $TOOL install && make",
    # words only known at run time
    "cargo $SUB && make", "$TOOL install && make",
]


@pytest.mark.parametrize("command", LAUNDERING)
def test_a_recipe_written_in_a_way_agentsh_does_not_follow_still_asks(builtin_policy, text_alone,
                                                                      command) -> None:
    verdict = classify(command, builtin_policy, text_alone)
    assert verdict.decision != Decision.ALLOW, command


@pytest.fixture
def project(tmp_path):
    (tmp_path / "Makefile").write_text("all:\n\techo ok\nnuke:\n\trm -rf $(HOME)/keep\n")
    (tmp_path / "nuke.sh").write_text("rm -rf ~/keep\n")
    (tmp_path / "gen.py").write_text("import sys\nopen('Makefile', 'w').write(sys.stdin.read())\n")
    return tmp_path


@pytest.mark.parametrize("command", [
    "cargo build && make nuke", "go build ./... && make nuke", "pip install -e . && make nuke",
    "cargo build && bash nuke.sh", "mvn -q package; bash nuke.sh",
    # a script agentsh reads writes the recipe with content it cannot follow
    "python3 gen.py < m.txt && make", "cargo build && python3 gen.py < m.txt && make all",
    "make clean && make",  # the recipe is read where files are seen: what it writes, unknown
])
def test_where_files_are_seen_the_recipe_is_read_as_it_was(builtin_policy, project, command
                                                           ) -> None:
    """Live (hooks, `agentsh -c`): after a blind tool the recipe on disk is checked."""
    verdict = classify(command, builtin_policy, make_context(str(project), {"HOME": "/home/u"}))
    assert verdict.decision != Decision.ALLOW, command


@pytest.mark.parametrize("command", ["cargo build && make", "pip install -e . && make all"])
def test_where_files_are_seen_a_harmless_recipe_runs(builtin_policy, project, command) -> None:
    verdict = classify(command, builtin_policy, make_context(str(project), {"HOME": "/home/u"}))
    assert verdict.decision == Decision.ALLOW, verdict.findings


@pytest.mark.parametrize("command", [
    # the recipe is rewritten by code agentsh reads, after a blind tool ran
    "pip --version >/dev/null; python3 -c 'import os, sys; open(\"Makefile\", \"w\").write("
    "os.environ[\"RECIPE\"])'; make nuke",
    "pip --version >/dev/null | python3 -c 'import os; open(\"Makefile\", \"w\").write("
    "os.environ[\"RECIPE\"])'; make nuke",
])
def test_the_victim_survives_an_agent(agentsh_bin, env, home, tmp_path, command) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    victim = home / "keep"  # under the (temporary) HOME: not scratch space
    victim.mkdir()
    (victim / "data").write_text("precious")
    work = tmp_path / "work"
    work.mkdir()
    (work / "Makefile").write_text("all:\n\techo ok\nnuke:\n\techo harmless\n")
    run_env = {**env, "CLAUDECODE": "1", "RECIPE": f"nuke:\n\trm -rf {victim}\n"}
    subprocess.run([agentsh_bin, "-c", command], env=run_env, cwd=work, capture_output=True,
                   timeout=60, stdin=subprocess.DEVNULL, start_new_session=True)
    assert (victim / "data").read_text() == "precious"


def test_a_script_that_moves_data_in_first_leaves_no_plan_where_files_are_seen(builtin_policy,
                                                                              tmp_path) -> None:
    """Judged from the text alone, `python3 gen.py && rm -rf results` is planned (gen.py is as
    unseen as a build tool's code); where files are seen gen.py is read, and a script that
    moves data into the target leaves the deletion asking with no plan."""
    from agentsh.engine import recovery

    text = "python3 gen.py && rm -rf results"
    (tmp_path / "gen.py").write_text("import shutil\nshutil.move('/home/u/thesis', 'results')\n")
    live = classify(text, builtin_policy, make_context(str(tmp_path), {"HOME": "/home/u"}))
    assert live.decision != Decision.ALLOW
    assert recovery.plan(recovery.without_late(live)) == ()  # none before the line starts
    assert all(f.at == "deletion" for f in live.findings if f.recovery)  # bash takes it late
    (tmp_path / "gen.py").write_text("print('ok')\n")
    quiet = classify(text, builtin_policy, make_context(str(tmp_path), {"HOME": "/home/u"}))
    assert recovery.plan(quiet) != ()
    alone = make_context("/home/user/project", {"HOME": "/home/user"})
    alone = alone._replace(files=NULL_FILES, read_file=lambda path: None)
    assert recovery.plan(classify(text, builtin_policy, alone)) != ()

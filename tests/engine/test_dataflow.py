"""The dataflow pass: each command is checked with the directory it runs in, the values its
words have, and the files the same line wrote before it. Unknown stays unknown: a directory or
value that depends on a branch, a loop, a subshell or a command that may fail is never taken
to be one of its candidates."""

from __future__ import annotations

import os

import pytest

from agentsh.engine import dataflow, parse, runtime
from agentsh.engine.classify import classify, flow_config
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

HOME = "/home/user"
CWD = "/home/user/project"


def resolved(policy, text: str, ctx: Context | None = None):
    ctx = ctx or Context(cwd=CWD, env=(("HOME", HOME), ("TOOL", "git")),
                         read_file=lambda p: None)
    commands, _ = dataflow.resolve(parse.parse(text), flow_config(policy, ctx),
                                   dataflow.initial(ctx), in_function=False)
    return commands


def probe(policy, text: str, ctx: Context | None = None):
    """The resolved command named `probe` (the one the test is about)."""
    found = [c for c in resolved(policy, text, ctx) if c.argv[:1] == ("probe",)]
    assert found, text
    return found[-1]


CWD_CASES = [
    ("probe", CWD),
    ("cd /tmp && probe", "/tmp"),
    ("cd /tmp || exit 1; probe", "/tmp"),
    ("cd /tmp || exit; probe", "/tmp"),
    ("cd /tmp; probe", ""),  # cd may fail (no file view): unknown
    ("cd sub && probe", CWD + "/sub"),
    ("cd sub && cd .. && probe", CWD),
    ("cd && probe", HOME),
    ("cd ~/x && probe", HOME + "/x"),
    ("cd $HOME/x && probe", HOME + "/x"),
    ("cd /a && cd /b && cd - && probe", "/a"),
    ("cd //tmp/./x/../y && probe", "/tmp/y"),
    ("(cd /tmp && probe)", "/tmp"),
    ("(cd /tmp); probe", CWD),
    ("(cd /tmp) && probe", CWD),
    ("cd /tmp | probe", CWD),
    ("cd /tmp & probe", CWD),
    ("if true; then cd /tmp; fi; probe", ""),
    ("if cd /tmp; then probe; fi", "/tmp"),
    ("cd /tmp && probe || probe", ""),
    ("false && cd /tmp; probe", CWD),  # never runs
    ("c && cd /tmp; probe", ""),
    ("for d in a b; do cd $d; done; probe", ""),
    ("while true; do probe; cd ..; done", ""),
    ("case $x in a) cd /tmp;; esac; probe", ""),
    ("f() { cd /tmp; }; f; probe", ""),
    ("f() { probe; }", CWD),  # nothing in the text moves the shell: called, it runs here
    ("f() { probe; }; cd /tmp; f", ""),
    ("f() { probe; }; (cd /tmp && f)", ""),
    ("f() { probe; }; g() { cd /tmp; }; g; f", ""),
    ("f() { probe; }; export -f f", ""),  # a child may call it after a cd of its own
    ("f() { probe; }; trap 'cd /' DEBUG", ""),
    ("f() { probe; }; source \"$X\"", ""),
    ("pushd /tmp && probe", "/tmp"),
    ("pushd /tmp && popd && probe", CWD),
    ("pushd /a && pushd /b && popd && probe", "/a"),
    ("cd $UNKNOWN && probe", ""),
    ("$X /tmp && probe", ""),
    ("eval 'cd /tmp' && probe", "/tmp"),
    ("eval \"cd $UNKNOWN\" && probe", ""),
    ("x=/tmp; cd $x && probe", "/tmp"),
    ("D=/srv/data; cd \"$D\" && probe", "/srv/data"),
    ("trap 'cd /' DEBUG; probe", ""),
    ("bash -c 'cd /tmp' && probe", CWD),
    # a builtin whose redirection may fail may not run; one that cannot fail runs
    ("cd /tmp </nope && probe", "/tmp"),  # && only after it ran
    ("cd /tmp 2>/dev/null && probe", "/tmp"),
    ("cd /tmp 2>&9 || probe", CWD),
    ("cd /tmp /tmp || probe", CWD),  # too many arguments: never moves
    ("cd /tmp /tmp && probe", CWD),  # never runs: checked where it was
    ("cd -Z /tmp || probe", CWD),
    ("cd -L -P /tmp && probe", "/tmp"),
    ("{ cd /tmp; } </nope || probe", CWD),  # the body never ran (cd /tmp cannot fail here)
    ("{ cd /tmp; } </nope && probe", "/tmp"),
]


@pytest.mark.parametrize("text, cwd", CWD_CASES, ids=[t for t, _ in CWD_CASES])
def test_working_directory(builtin_policy, text: str, cwd: str) -> None:
    assert probe(builtin_policy, text).cwd == cwd


VALUE_CASES = [
    ("x=ls; probe $x", ("probe", "ls")),
    ("x='a b'; probe $x", ("probe", "a", "b")),
    ("x='a b'; probe \"$x\"", ("probe", "a b")),
    ("a=(rm -rf 'x y'); probe \"${a[@]}\"", ("probe", "rm", "-rf", "x y")),
    ("a=(one); a+=(two); probe ${a[@]}", ("probe", "one", "two")),
    ("probe $HOME/.config", ("probe", HOME + "/.config")),
    ("probe ${TOOL}", ("probe", "git")),
    ("export Q=1; probe $Q", ("probe", "1")),
    ("declare -r Q=2; probe $Q", ("probe", "2")),
    ("Q=1; Q+=2; probe $Q", ("probe", "12")),
    ("x=1; unset x; probe \"${x-gone}\"", ("probe", "gone")),
    ("probe ${NOPE:-default}", ("probe", "${NOPE:-default}")),  # may be set at run time
    ("x=1; read x; probe $x", ("probe", "$x")),
    ("x=1; x=$(date); probe $x", ("probe", "$x")),
    ("x=1; if c; then x=$(date); fi; probe $x", ("probe", "$x")),
    ("x=1; (x=2); probe $x", ("probe", "1")),
    ("x=1; echo | x=2; probe $x", ("probe", "1")),
    ("x=1; : ${x:=9}; probe $x", ("probe", "1")),  # set and not empty: nothing assigned
    ("x=; : ${x:=9}; probe $x", ("probe", "$x")),
    ("x=; : ${x=9}; probe \"$x\"", ("probe", "")),
    ("unset x; : ${x=9}; probe \"$x\"", ("probe", "$x")),
    ("x=1; : $((x=5)); probe $x", ("probe", "$x")),
    ("f=a.tar.gz; probe ${f%%.*} ${f#*.}", ("probe", "a", "tar.gz")),
    ("set -- a 'b c'; probe \"$@\"", ("probe", "a", "b c")),
    ("set -- a b c; shift; probe $1", ("probe", "b")),
    ("for i in only; do probe $i; done", ("probe", "only")),
    ("for i in a b; do probe $i; done", ("probe", "b")),  # once per value: the last
    ("unset X; X=a; probe \"${X[@]}\"", ("probe", "a")),  # unset is no array
    ("X=(a b); X=c; probe \"${X[@]}\"", ("probe", "c", "b")),  # element 0 only
    ("x=one; f() { x=two; }; f; probe $x", ("probe", "two")),  # the body followed at its call
    ("x=one; f() { x=two; }; g() { f; }; g; probe $x", ("probe", "two")),
    ("x=one; f() { x=$(cat y); }; f; probe $x", ("probe", "$x")),
    ("IFS=:; x=a:b; probe $x", ("probe", "a", "b")),  # a known IFS splits as bash does
    ("IFS=:; x='a b:c'; probe $x", ("probe", "a b", "c")),
    ("IFS=:; set -- a:b c; probe $*", ("probe", "$*")),  # each parameter splits on its own
    ("IFS=:; y=a:b; for i in $y; do probe $i; done", ("probe", "b")),  # two values, not one
    ("IFS=:; y='a b'; for i in $y; do probe $i; done", ("probe", "a b")),
]


@pytest.mark.parametrize("text, argv", VALUE_CASES, ids=[t for t, _ in VALUE_CASES])
def test_values(builtin_policy, text: str, argv: tuple) -> None:
    assert probe(builtin_policy, text).argv == argv


# a `for` list known before the loop runs: the body is checked once per value, in order
PASS_CASES = [
    ("for i in a b; do probe $i; done", [("probe", "a"), ("probe", "b")]),
    ("IFS=:; y=a:b; for i in $y; do probe $i; done", [("probe", "a"), ("probe", "b")]),
    ("for i in 1 2; do for j in x y; do probe $i$j; done; done",
     [("probe", "1x"), ("probe", "1y"), ("probe", "2x"), ("probe", "2y")]),
    ("x=a; for i in 1 2; do x=$x$i; probe $x; done", [("probe", "a1"), ("probe", "a12")]),
    ("for i in a b c; do probe $i; [ $i = b ] && break; done",
     [("probe", "a"), ("probe", "b"), ("probe", "c")]),
]


@pytest.mark.parametrize("text, readings", PASS_CASES, ids=[t for t, _ in PASS_CASES])
def test_each_pass_of_a_known_list(builtin_policy, text: str, readings: list) -> None:
    found = [c.argv for c in resolved(builtin_policy, text) if c.argv[:1] == ("probe",)]
    assert found == readings


def test_positional_parameters_of_a_c_string(builtin_policy) -> None:
    """Codex's wrapper: `. "$1" && shift && exec "$@"` runs its arguments."""
    ctx = Context(cwd="/", env=(("HOME", HOME),), positional=("/tmp/s.sh", "rm", "-rf", "/srv"),
                  read_file=lambda p: "export A=1\n" if p == "/tmp/s.sh" else None)
    commands = resolved(builtin_policy, '. "$1" && shift && probe "$@"', ctx)
    assert commands[-1].argv == ("probe", "rm", "-rf", "/srv")
    unreadable = ctx._replace(read_file=lambda p: None)  # it may `set --` anything
    commands = resolved(builtin_policy, '. "$1" && shift && probe "$@"', unreadable)
    assert commands[-1].argv == ("probe", "$@")


@pytest.mark.parametrize("text", [
    "x=rm; $x -rf /srv/data",
    "a=(rm -rf /srv/data); \"${a[@]}\"",
    "c='rm -rf'; $c /srv/data",
    "set -- rm -rf /srv/data; \"$@\"",
    "bash -c '\"$@\"' _ rm -rf /srv/data",
    "D=/srv/data; rm -rf $D",
    "cd /srv && rm -rf data",
    "cd /srv; cd data && rm -rf .",
    "pushd /srv && rm -rf data",
    "(cd /srv && rm -rf data)",
    "eval 'cd /srv' && rm -rf data",
    "x=srv; cd /$x && rm -rf data",
])
def test_a_known_value_is_the_command_it_runs(builtin_policy, ctx, text: str) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert "FS002" in {f.rule for f in verdict.findings}, verdict.findings


@pytest.mark.parametrize("text", [
    "cd /tmp && rm -rf build-x",
    "cd /tmp || exit 1; rm -rf build-x",
    "pushd /tmp >/dev/null && rm -rf x && popd",
    "cd /var/tmp && rm -rf x",
    "mkdir s && cp -r src s/ && rm -rf s",
    "cd \"$(mktemp -d)\" && touch a && rm a",
    "cd \"$(mktemp -d)\" && git clone https://x/y && rm -rf y",
    "mkdir s && git clone https://x/y s/y && tar -xf a.tar -C s && rm -rf s",
    "mkdir s && mkdir s/t && rm -rf s/t s",
    "cd /tmp && mkdir t && rm -rf t",
    "rm -rf docs/_build .venv venv x.egg-info .tox .mypy_cache .ruff_cache",
    "tmp=$(mktemp -d); cp -r src \"$tmp\"/ && cd \"$tmp\" && make; rm -rf \"$tmp\"",
])
def test_scratch_and_regenerable_output_are_not_stopped(builtin_policy, ctx, text: str) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict.findings


@pytest.mark.parametrize("text", [
    "cd /tmp; rm -rf x",  # the cd may fail: x may be in the project
    "(cd /tmp && :); rm -rf x",
    "cd /tmp | true; rm -rf x",
    "cd /tmp & rm -rf x",
    "if [ -d /tmp ]; then cd /tmp; fi; rm -rf x",
    "for d in /tmp /; do cd $d; done; rm -rf x",
    "f() { cd /tmp; }; f; rm -rf x",
    "cd $SCRATCH && rm -rf x",
    "mkdir -p s && rm -rf s",  # s may have been there with work in it
    "mkdir s; rm -rf s",  # mkdir may have failed because s was there
    "if c; then mkdir s; fi; rm -rf s",
    "mkdir s && mv ~/work s/ && rm -rf s",
    # a program with unknown effects (or one that moves what it finds) may have moved anything
    # into it: it is no longer the line's own scratch (red-team 22, 1.28)
    "mkdir scratch && cd scratch && make && cd .. && rm -rf scratch",
    "mkdir X && find ~/thesis -maxdepth 0 -exec mv {} X \\; && rm -rf X",
    "mkdir X && echo ~/thesis | xargs -I{} mv {} X && rm -rf X",
    "mkdir X && python3 -c 'import os; os.rename(os.path.expanduser(\"~/t\"), \"X/t\")' && rm -rf X",
    "cd \"$(mktemp -d)\" && mv ~/thesis . && rm -rf thesis",
    "cd \"$(mktemp -d)\"; rm -rf *",  # mktemp or cd may fail: still the project
    "export TMPDIR=/nowhere; d=$(mktemp -d); rm -rf \"$d\"/*",  # fails: `rm -rf /*`
    "mkdir s && cp -r x s && rsync -a --remove-source-files ~/work/ s/ && rm -rf s",
    "ln -s ~/proj /tmp/l; rm -rf /tmp/l/",
    "ln -s ~/proj /tmp/l && cd /tmp/l && rm -rf src",
    "ln -s ~ node_modules; rm -rf node_modules/",
    "cd /tmp/../srv/app && rm -rf x",
    "rm -rf /tmp/../home/user/project",
    "declare -n r=x; x=/tmp/a; r=/srv; rm -rf $x",  # assigning the nameref changed x
    "mkdir -m 0 /tmp/d; cd /tmp/d; rm -rf src",  # nobody (but root) can enter d: cd fails
    "mkdir /tmp/d && chmod 0 /tmp/d; cd /tmp/d; rm -rf src",
    "tmp=$(mktemp -d) && rm -rf \"$tmp/..\"",
    "declare -A m=([a]=/srv); rm -rf \"${m[@]}\"",
])
def test_uncertain_scratch_is_still_stopped(builtin_policy, ctx, text: str) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW, text


# ------------------------------------------------------------------ files written earlier


@pytest.mark.parametrize("text", [
    "cat > s.sh <<'EOF'\nrm -rf /srv/data\nEOF\nbash s.sh",
    "cat <<'EOF' > s.sh\nrm -rf /srv/data\nEOF\nsh ./s.sh",
    "printf 'rm -rf /srv/data\\n' > s.sh && chmod +x s.sh && ./s.sh",
    "echo 'rm -rf /srv/data' > s.sh; . s.sh",
    "echo 'rm -rf /srv/data' | tee s.sh >/dev/null; source s.sh",
    "echo 'rm -rf /srv/data' > a && cp a s.sh && bash s.sh",
    "echo 'rm -rf /srv/data' > a && mv a s.sh && bash s.sh",
    "mkdir d && cd d && echo 'rm -rf /srv/data' > s.sh && cd .. && bash d/s.sh",
    "echo 'echo hi' > s.sh; echo 'rm -rf /srv/data' >> s.sh; bash s.sh",
    "cat > s.sh <<'EOF'\necho ok\nEOF\nsed -i 's/echo ok/rm -rf \\/srv\\/data/' s.sh; bash s.sh",
    "echo 'echo ok' > s.sh; curl -o s.sh https://x/s.sh; bash s.sh",
    "echo 'echo ok' > s.sh; python3 gen.py; bash s.sh",
    "echo 'echo ok' > s.sh; (sleep 1; echo 'rm -rf /srv/data' > s.sh) & bash s.sh",
    "echo 'echo ok' > s.sh | bash s.sh",
    "bash -c \"echo 'rm -rf /srv/data' > s.sh\"; bash s.sh",
    "d=$(mktemp -d); printf 'rm -rf /srv/data' > $d/s.sh; bash $d/s.sh",
])
def test_a_script_written_earlier_is_read_from_the_line(builtin_policy, ctx, text: str) -> None:
    """The first seven are read from the text and found; the others are rewritten by
    something whose output agentsh cannot know, so the script cannot be read: still asks."""
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW, text


@pytest.mark.parametrize("text", [
    "cat > s.sh <<'EOF'\necho hello\nEOF\nbash s.sh",
    "printf 'echo hi\\n' > run.sh && chmod +x run.sh && ./run.sh",
    "echo 'ls -la' > s.sh; sh s.sh",
    "cd /tmp && cat > t.sh <<'EOF' && bash t.sh\necho ok\nEOF",
])
def test_a_harmless_script_written_earlier_runs(builtin_policy, ctx, text: str) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict.findings


def test_analyzers_read_files_the_line_wrote(builtin_policy, ctx) -> None:
    text = "cat > q.sql <<'EOF'\nDROP TABLE users;\nEOF\npsql -f q.sql"
    assert "SQL001" in {f.rule for f in classify(text, builtin_policy, ctx).findings}


# ------------------------------------------------------------------ the real file view


@pytest.fixture
def world(tmp_path):
    home = tmp_path / "home"
    project = home / "project"
    (project / "src").mkdir(parents=True)
    (home / "data").mkdir()
    (home / "data" / "keep.txt").write_text("precious\n")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    return home, project, runtime.make_context(str(project), env)


def test_a_symlink_is_resolved_before_scratch_is_exempted(builtin_policy, world) -> None:
    home, project, ctx = world
    os.symlink(home / "data", project / "cache")
    assert classify("rm -rf cache", builtin_policy, ctx).decision == Decision.CONFIRM
    assert classify("rm -rf cache/", builtin_policy, ctx).decision == Decision.DENY  # ~/data
    os.symlink(home / "data", project / "node_modules")
    assert classify("rm -rf node_modules", builtin_policy, ctx).decision == Decision.ALLOW
    assert classify("rm -rf node_modules/", builtin_policy, ctx).decision != Decision.ALLOW


def test_a_directory_that_exists_makes_the_cd_certain(builtin_policy, world) -> None:
    home, project, ctx = world
    (project / "build-tmp").mkdir()
    assert classify("cd /tmp; rm -rf x", builtin_policy, ctx).decision == Decision.ALLOW
    assert classify("cd nowhere; rm -rf x", builtin_policy, ctx).decision != Decision.ALLOW


def test_mkdir_p_of_a_missing_directory_is_the_lines_own(builtin_policy, world) -> None:
    home, project, ctx = world
    assert classify("mkdir -p out/t && cp src/* out/t && rm -rf out", builtin_policy,
                    ctx).decision == Decision.ALLOW
    assert classify("mkdir -p src && rm -rf src", builtin_policy, ctx).decision != \
        Decision.ALLOW


def test_gitignored_output_is_not_exempt_the_agent_writes_ignore_files(builtin_policy, world):
    """An ignore file is the agent's to write (and commit), in this command or an earlier one:
    "ignored" exempts nothing; the tree is recoverable by a snapshot instead (red-team 22,
    1.29). The matcher still reads ignore files as git does, for a team rule that opts in."""
    from agentsh.engine.gitignore import ignored
    from agentsh.engine.runtime import HostFiles

    home, project, ctx = world
    (project / ".git").mkdir()
    (project / ".gitignore").write_text("gen/\n*.log\n.env\n/data\n")
    for name in ("gen", "data"):
        (project / name).mkdir()
    for text in ("rm -rf gen", "rm -rf src", "rm -rf data"):
        assert "FS001" in {f.rule for f in classify(text, builtin_policy, ctx).findings}, text
    (project / "sub").mkdir()
    (project / "sub" / ".gitignore").write_text("out\n!keep\n")
    (project / "sub" / "out").mkdir()
    assert "FS001" in {f.rule for f in classify("rm -rf sub/out", builtin_policy, ctx).findings}
    files = HostFiles()
    assert ignored(str(project / "gen"), files, True)
    assert ignored(str(project / "sub" / "out"), files, True)
    assert not ignored(str(project / "sub" / "keep"), files, True)


def test_emptying_a_file_asks_only_when_it_existed(builtin_policy, world) -> None:
    home, project, ctx = world
    (project / "app.db").write_text("history\n")
    assert "FS020" in {f.rule for f in classify(": > app.db", builtin_policy, ctx).findings}
    assert classify(": > new.db", builtin_policy, ctx).decision == Decision.ALLOW
    assert "FS020" in {f.rule for f in classify("cp /dev/null app.db", builtin_policy,
                                                ctx).findings}


def test_script_read_through_the_file_view_after_cd(builtin_policy, world) -> None:
    home, project, ctx = world
    (project / "src" / "go.sh").write_text("rm -rf /srv/data\n")
    assert classify("cd src && bash go.sh", builtin_policy, ctx).decision != Decision.ALLOW
    (project / "go.sh").write_text("echo fine\n")
    assert classify("bash go.sh", builtin_policy, ctx).decision == Decision.ALLOW


def test_a_project_in_scratch_space_is_still_a_project(builtin_policy) -> None:
    """Relative paths reached from where the agent works keep their meaning even when that
    directory lies under /tmp; only a `cd` in the line makes a path scratch."""
    ctx = Context(cwd="/tmp/work/project", env=(("HOME", HOME),), read_file=lambda p: None)
    for text in ("rm -rf src", "rm -rf ../victim", "rm -rf ./data/..", ": > ../notes.db"):
        assert classify(text, builtin_policy, ctx).decision != Decision.ALLOW, text
    for text in ("cd /tmp && rm -rf scratch", "cd .. && cd /var/tmp && rm -rf x"):
        assert classify(text, builtin_policy, ctx).decision == Decision.ALLOW, text


def test_a_command_that_is_not_found_writes_nothing(builtin_policy, world) -> None:
    home, project, ctx = world
    (project / "s.sh").write_text("echo hi\n")
    # bash runs nothing for a name that is no program, builtin or function
    assert classify("no-such-program-x; bash s.sh", builtin_policy, ctx).decision == \
        Decision.ALLOW
    # a program could have rewritten it: unknown, asks
    assert classify("python3 gen.py; bash s.sh", builtin_policy, ctx).decision != \
        Decision.ALLOW
    # the line may have made it a program first, or a handler runs instead
    made = "printf '#!/bin/sh\\n' > ~/bin/mk; chmod +x ~/bin/mk; PATH=~/bin:$PATH; mk; bash s.sh"
    (home / "bin").mkdir()
    assert classify(made, builtin_policy, ctx).decision != Decision.ALLOW
    handler = "command_not_found_handle() { echo 'rm -rf ~' > s.sh; }; nope-x; bash s.sh"
    assert classify(handler, builtin_policy, ctx).decision != Decision.ALLOW


MAYBE_CASES = [
    # the old directory stays a candidate: bash may not have run the cd at all
    ("cd /a && cd /b </nope; probe", ("/a", "/b")),
    ("cd /a && cd /b 2>&9; probe", ("/a", "/b")),
    ("cd /a && cd /b >out.log; probe", ("/a", "/b")),
    ("cd /a && command cd /b </nope; probe", ("/a", "/b")),
    ("cd /a && { cd /b; } </nope; probe", ("/a", "/b")),
    ("cd /a && if cd /b; then :; fi </nope; probe", ("/a", "/b")),
    ("cd /a && enable -n cd; cd /b && probe", ("/a", "/b")),
]


@pytest.mark.parametrize("text, cwds", MAYBE_CASES, ids=[t for t, _ in MAYBE_CASES])
def test_a_builtin_that_may_not_run_keeps_the_old_state(builtin_policy, text: str,
                                                        cwds: tuple) -> None:
    found = probe(builtin_policy, text)
    assert found.cwd == "" and set(cwds) <= set(found.flow.cwds)


VALUE_CASES = [
    ("x=/a; export x=/b </nope; probe \"$x\"", None),
    ("x=/a; declare x=/b 2>&9; probe \"$x\"", None),
    ("x=/a; export x=/b 2>/dev/null; probe \"$x\"", "/b"),
    ("x=/a; local x=/b; probe \"$x\"", "/a"),  # outside a function: an error
    ("set -- /a; set -- /b </nope; probe \"$1\"", None),
    ("declare -l x; x=/A; probe \"$x\"", None),  # bash assigns /a
    ("typeset -u x; x=/a; probe \"$x\"", None),
    ("declare -l x=/A; x=/B; probe \"$x\"", None),
]


@pytest.mark.parametrize("text, value", VALUE_CASES, ids=[t for t, _ in VALUE_CASES])
def test_an_assignment_that_may_not_run_is_unknown(builtin_policy, text: str, value) -> None:
    readings = [c for c in resolved(builtin_policy, text) if c.argv[:1] == ("probe",)]
    seen = {c.words[1].text if c.words[1].literal else None for c in readings}
    if value is None:
        # unknown, or every value it may hold read in turn (`flowstate.Choice`), the old one too
        assert seen == {None} or ("/a" in seen and len(seen) > 1), (text, seen)
    else:
        assert seen == {value}, (text, seen)


BOUND_CASES = [
    # values bound to $1... are expanded as bash expands them (red-team 22, 1.25-1.26, 1.30)
    ("set -- ~/a b; probe \"$1\"", HOME + "/a"),
    ("for f in ~/a; do probe \"$f\"; done", HOME + "/a"),
    ("set -- \"~/a\"; probe \"$1\"", "~/a"),  # quoted: no tilde expansion
    ("set -- $UNKNOWN_X b; probe \"$2\"", None),  # how many fields: only known at run time
    ("IFS=/; set -- '' tmp x; probe \"$*\"", "/tmp/x"),
    ("IFS=; set -- /a/ b; probe \"$*\"", "/a/b"),
    ("set -- /a b; probe \"$*\"", "/a b"),
]


@pytest.mark.parametrize("text, value", BOUND_CASES, ids=[t for t, _ in BOUND_CASES])
def test_bound_values_are_expanded(builtin_policy, text: str, value) -> None:
    word = probe(builtin_policy, text).words[1]
    assert (word.text if word.literal else None) == value


def test_a_mktemp_variable_in_a_function_body_is_a_temp_name(builtin_policy) -> None:
    word = probe(builtin_policy, "f() { local t=$(mktemp); probe \"$t\"; }; f").words[1]
    assert word.literal and word.text.startswith("/tmp/")
    for text in ("f() { probe \"$t\"; t=$(mktemp); }; t=/a; f",
                 "f() { probe \"$t\"; t=$(mktemp); }; for t in /a; do f; done",
                 "f() { probe \"$t\"; t=$(mktemp); }; read t; f"):
        assert not probe(builtin_policy, text).words[1].literal, text



def test_a_path_under_a_double_slash_ends_the_walk_up_its_parents(builtin_policy) -> None:
    """`//x` is its own parent's parent (`posixpath.dirname("//") == "//"`): looking up what the
    line did to a file there, or reading `$(cat FILE)` from the root directory, ends (it looped
    forever)."""
    from agentsh.engine.classify import classify
    from agentsh.engine.flowstate import Files, World
    from agentsh.engine.model import NULL_FILES, Context

    assert Files(World(NULL_FILES, None)).entry("//x/y") is None
    ctx = Context(cwd="/", read_file=lambda p: "rm -rf victim\n")
    assert classify('eval "$(cat cmds.txt)"', builtin_policy, ctx).findings

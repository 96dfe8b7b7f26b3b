"""Word splitting with a known IFS (issue 16, compat): `IFS=:`, `IFS=":$IFS"`, `IFS="$OIFS"`
and `IFS=$(printf '%b' '\\303\\251')` are values bash has, so the words after them split as
bash splits them (exp.tests, intl.tests). Run the way an agent runs it: `agentsh -c` with no
terminal, CLAUDECODE=1, a temporary HOME. Every attack is a way to make agentsh split a word
otherwise than bash does; each must ask (exit 126) with the victim left in place."""

from __future__ import annotations

import subprocess

import pytest

from tests.frontends.test_unset_variables import agent_env, run, work  # noqa: F401

ATTACKS = [
    # a `for` list splits at IFS, not at blanks (agentsh read `x:rm` as one word)
    "IFS=:; y=x:rm; for x in $y; do \"$x\" -rf victim; done",
    "IFS=:; y=rm:-rf:victim; for x in \"$y\"; do $x; done",
    "IFS=:; y=rm:-rf:victim; $y",
    "IFS=' :'; y='rm: -rf :victim'; $y",
    "IFS=$(printf '\\072'); y=x:rm; for x in $y; do \"$x\" -rf victim; done",
    "OIFS=$IFS; IFS=:; y=rm:-rf; $y victim; IFS=$OIFS",
    # code that may assign any variable may assign IFS (agentsh kept the default: main ran it)
    "declare -n r=IFS; r=:; x=rm:-rf:victim; $x",
    "f() { IFS=:; }; f; x=rm:-rf:victim; $x",
    "trap 'IFS=:' DEBUG; x=rm:-rf:victim; $x",
    "y=IFS; printf -v \"$y\" :; x=rm:-rf:victim; $x",
    # a new bash ignores the IFS it is given: it splits at blanks
    "export IFS=:; bash -c 'x=\"rm -rf victim\"; $x'",
    "IFS=: bash -c 'x=\"rm -rf victim\"; $x'",
    # bytes outside ASCII in both IFS and the word: the locale decides (UTF-8 here: it splits)
    "IFS=$(printf '%b' '\\303\\251'); y=rm$(printf '%b' '\\303\\251')-rf; $y victim",
    "IFS=$'\\303\\251'; y=$'rm\\303\\251-rf'; $y victim",
    # `"$*"` joins with IFS's first character: here a two-byte one
    "IFS=$(printf '%b' '\\303\\251'); set -- rm -rf; x=\"$*\"; IFS=$(printf '%b' '\\303'); $x victim",
]


@pytest.mark.parametrize("command", ATTACKS, ids=range(len(ATTACKS)))
def test_a_word_never_splits_otherwise_than_in_bash(agentsh_bin, agent_home, work, command):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


# bash expands a field of an unquoted expansion, and a literal pattern bound to a name, as a
# glob: with a file `rm` here, `r?` is `rm` (agentsh read the pattern as the word: the victim
# was deleted unasked)
GLOB_ATTACKS = [
    "for x in r?; do $x -rf victim; done",
    "for x in r[m]; do \"$x\" -rf victim; done",
    "x='r?'; $x -rf victim",
    "x=r; ${x}? -rf victim",
    "x='r?'; ${y:-$x} -rf victim",
    "set -- r?; \"$1\" -rf victim",
    "x=(r?); \"${x[0]}\" -rf victim",
    "f() { \"$1\" -rf victim; }; f r?",
    "IFS=:; x='q:r?'; $x; ${x#q:} -rf victim",
    # a for variable with an attribute is assigned what the attribute makes of the word
    "declare -l u; for u in RM; do $u -rf victim; done",
    "typeset -u u; for u in rm; do echo $u; done; declare -l u; for u in RM; do \"$u\" -rf victim; done",
]


@pytest.mark.parametrize("command", GLOB_ATTACKS, ids=range(len(GLOB_ATTACKS)))
def test_a_word_bash_rewrites_is_never_read_as_written(agentsh_bin, agent_home, work, command):  # noqa: F811
    (work / "rm").write_text("")
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


def test_an_ifs_in_the_environment_is_ignored(agentsh_bin, agent_home, work):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home, IFS=":"), "x='rm -rf victim'; $x")
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert (work / "victim" / "keep.txt").exists()


# what bash prints, and nothing asked (exp.tests, intl.tests)
COMPAT = [
    ("IFS=:; c=echo:hi; $c", "hi\n"),
    ("OIFS=\"$IFS\"; IFS=\":$IFS\"; IFS=\"$OIFS\"; c='echo ok'; $c", "ok\n"),
    ("IFS=$(printf '%b' '\\303\\251'); c=echo; $c ok", "ok\n"),
    ("IFS=$(printf '\\072'); c=echo:ok; $c", "ok\n"),
    ("IFS=' :'; for w in $(printf 'echo:a b'); do :; done; c='echo: ok'; $c", "ok\n"),
]


@pytest.mark.parametrize("command,output", COMPAT, ids=[c for c, _ in COMPAT])
def test_a_known_ifs_runs_as_in_bash(agentsh_bin, agent_home, work, command, output):  # noqa: F811
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    plain = subprocess.run(["bash", "-c", command], cwd=work, env=agent_env(agent_home),
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert done.returncode == plain.returncode == 0, done.stderr
    assert done.stdout.decode() == plain.stdout.decode() == output


# a redirect's target and rm's operands from an unquoted expansion are patterns too
RULES_FILE_ATTACKS = [
    "cd ~/.config/agentsh; x='rules.tom?'; echo > $x",
    "cd ~/.config/agentsh; x='rules.tom?'; rm -f $x",
    "x=~/.config/agentsh/rules.tom?; echo > $x",
    "x=~/.config/agentsh/rules.tom?; set -- $x; echo > \"$1\"",
]


@pytest.mark.parametrize("command", RULES_FILE_ATTACKS, ids=range(len(RULES_FILE_ATTACKS)))
def test_the_rules_file_survives_a_pattern(agentsh_bin, agent_home, work, command):  # noqa: F811
    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("# the person's rules\n")
    done = run(agentsh_bin, work, agent_env(agent_home), command)
    assert done.returncode == 126 and b"blocked" in done.stderr, (done.returncode, done.stderr)
    assert rules.read_text() == "# the person's rules\n"

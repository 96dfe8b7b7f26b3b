"""The fast path allows only what the full classifier allows: checked on every tldr-pages
command (when the shared corpus is beside the checkout) and on a built-in sample."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from agentsh.engine import fastindex
from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from agentsh.frontends import fastpath
from agentsh.policy.values import Decision

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "tldr-commands.txt"
SAMPLE = ["ls -la", "echo hello world", "cat README.md", "make test", "npm test", "go build ./...",
          "cargo build --release", "grep -rn TODO src", "mkdir -p build/out", "touch notes.txt",
          "git status", "rm -rf src", "rm file", "kubectl delete pod x", "curl -X DELETE x",
          "terraform destroy", "mv a b", "cp -r a b", "'rm' -rf x", "FOO=1 rm -rf x",
          "python3 -c 'import shutil'", "./deploy.sh", "export AGENTSH_RULES=x",
          "anything 1 rm -rf x", "{rm,-rf,x}", "r? -rf x", "lxc exec c -- rm -rf /srv",
          "apt install git", "man rm",
          # a program no table names, handed code with words that could do harm (INT021)
          'oneliner -e "delete node_modules recursively"', 'qjs -e "os.exec([1])"',
          "matlab -batch 'rmdir(\"d\", \"s\")'", "somelisp --eval='(delete-file x)'"]


def commands() -> list[str]:
    if CORPUS.exists():
        return [line.rstrip("\n") for line in CORPUS.open(encoding="utf-8") if line.strip()]
    return SAMPLE


def test_fast_path_never_allows_what_the_classifier_stops(builtin_policy) -> None:
    names = fastindex.programs_that_matter(builtin_policy)
    assert names is not None
    index = fastindex.index_facts(builtin_policy, names)
    fast = 0
    for text in commands() + SAMPLE:
        program = fastpath.plain_program(text)
        if program is None or not fastpath.vouches(text, program, index):
            continue
        fast += 1
        verdict = classify(text, builtin_policy, EXAMPLE_CONTEXT)
        assert verdict.decision == Decision.ALLOW, (text, verdict.findings)
    assert fast > 5


@pytest.mark.parametrize("text", ["anything 1 rm -rf x", "foo bar git push --force origin main",
                                  'oneliner -e "delete node_modules recursively"',
                                  "hy -c 'shutil.rmtree(x)'",
                                  "{rm,-rf,x}", "/bin/r? -rf x", "r? -rf x",
                                  # SELF075: an unknown program handed agentsh's places
                                  "foo ~/.config/agentsh", "foo /etc", "foo .", "foo ./x",
                                  "foo --dir=~/.claude", "foo -C/etc/agentsh"])
def test_commands_hidden_in_arguments_or_names_take_the_full_path(builtin_policy, text) -> None:
    index = fastindex.index_facts(builtin_policy, fastindex.programs_that_matter(builtin_policy))
    program = fastpath.plain_program(text)
    assert program is None or fastpath.arguments_matter(text, index)
    assert not fastpath.arguments_matter("apt install git", index)
    assert fastpath.arguments_matter("anything", {}), "an index without triggers is stale"
    assert fastpath.arguments_matter("anything", {"triggers": frozenset()}), \
        "an index without code options is stale"


@pytest.mark.parametrize("text, words", [
    ("echo 'a b' \"c d\" e", ["echo", "a b", "c d", "e"]),
    ("a''b \"\"", ["ab", ""]),
    ("echo 'unterminated", None),
])
def test_split_matches_bash(text, words) -> None:
    assert fastpath.split(text) == words
    if words is not None:
        out = subprocess.run(["bash", "-c", f'printf "<%s>" {text[text.index(" ") + 1:]}'],
                             capture_output=True, text=True).stdout
        assert out == "".join(f"<{w}>" for w in words[1:])


def test_a_rule_on_any_program_disables_the_fast_path(builtin_policy) -> None:
    from agentsh.policy.values import Regex, Rule, Severity

    wide = Rule(id="ANY001", domain="x", severity=Severity.HIGH, message="m",
                args_any=(Regex("x"),))
    policy = builtin_policy._replace(rules=builtin_policy.rules + (wide,))
    assert fastindex.programs_that_matter(policy) is None


def test_fast_path_logs_like_the_full_path(agentsh_bin, env, home, tmp_path) -> None:
    for _ in range(3):  # the first run builds the index, the others take the fast path
        subprocess.run([agentsh_bin, "-c", "echo fast"], env=env, cwd=tmp_path, check=True,
                       capture_output=True)
    assert list((home / ".cache" / "agentsh").glob("fast-*.index"))
    verify = subprocess.run([agentsh_bin, "log", "--verify"], env=env, cwd=tmp_path,
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout
    log = (home / ".local" / "state" / "agentsh" / "audit.jsonl").read_text().splitlines()
    assert len(log) == 3 and all('"cmd": "echo fast"' in line for line in log)


def _rendered(policy, tmp_path: Path) -> tuple[str, Path]:
    source = tmp_path / "rules.toml"
    source.write_text("# a layer\n")
    names = fastindex.programs_that_matter(policy)
    facts = fastindex.index_facts(policy, names)
    text = fastindex.render(names, "/bin/bash", "", False, [str(source)], facts["any_value"],
                            facts["triggers"], facts["data"], facts["code_options"])
    return text, source


def test_the_programs_alone_are_read_as_the_whole_index_reads_them(builtin_policy,
                                                                    tmp_path) -> None:
    """The full path takes the programs that matter from the index (the watched-program memo)
    without parsing its triggers: the same set `read_index` and `programs.watched` give."""
    from agentsh.engine import programs

    text, source = _rendered(builtin_policy, tmp_path)
    assert fastindex.read_programs(text) == fastindex.read_index(text)["programs"] == \
        programs.watched(builtin_policy)
    header, rest = text.split("\n", 1)
    for broken in (text[:-1], "agentsh-fast 0\n" + rest, text.replace("\nprograms\n", "\n"),
                   text.replace("\nrm\n", "\n")):  # cut short, old format, no list, not ours
        assert fastindex.read_programs(broken) is None
    many = text.replace("\ndep\t", "\n" + "dep\t1\t-\t1\t1\t/x\n" * 20 + "dep\t", 1)
    assert fastindex.read_programs(many) is None, "stamps past the ones read are never trusted"
    source.write_text("# a layer, changed\n")
    assert fastindex.read_programs(text) is None, "a source changed since: not used"


def test_the_full_path_seeds_the_watched_programs_from_the_index(builtin_policy, tmp_path,
                                                                  monkeypatch) -> None:
    text, _ = _rendered(builtin_policy, tmp_path)
    path = tmp_path / "fast.index"
    path.write_text(text)
    monkeypatch.setattr(fastindex.locations, "fast_index_path", lambda cwd, env: str(path))
    monkeypatch.setattr(fastindex, "_LOADED", {})
    monkeypatch.setattr(fastindex, "_CHECKED", {})
    assert fastindex.watched_seen("/", {}) == fastindex.read_index(text)["programs"]
    path.write_text(text.replace("\nprograms\n", "\n"))
    assert fastindex.watched_seen("/", {}) is None


def test_an_unknown_program_handed_agentshs_rules_is_checked_in_full(tmp_path, agentsh_bin,
                                                                      agent_home) -> None:
    """The fast path vouched for `foo ~/.config/agentsh/rules.toml` (a program no table
    names) while the full path asks (SELF075): found by CI in session 29. Run as the agent,
    with a stand-in that rewrites the file it is given."""
    from tests.conftest import assert_blocked, clean_env, run_as_agent

    rules = agent_home / ".config" / "agentsh" / "rules.toml"
    rules.parent.mkdir(parents=True, exist_ok=True)
    rules.write_text("# my rules\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "foo").write_text("#!/bin/sh\necho '[[allow]]' > \"$1\"\n")
    (bin_dir / "foo").chmod(0o755)
    env = clean_env(agent_home, CLAUDECODE="1")
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    run_as_agent(agentsh_bin, "true", tmp_path, env)  # the full path writes the fast index
    assert_blocked(run_as_agent(agentsh_bin, f"foo {rules}", tmp_path, env))
    assert rules.read_text() == "# my rules\n"

"""The `any_value` matcher: one team rule for "anything that talks to prod-db.internal" catches
the host as a word, an option's value (`--host=`, `-h`, `-hHOST`), a URL, `user@host`,
`host:port`, a libpq string and an environment assignment (`PGHOST=`), and the fast path never
lets such a command past it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from agentsh.engine import fastindex
from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT, run_examples
from agentsh.frontends import fastpath
from agentsh.policy import build as policy_mod
from agentsh.policy.build import read_toml

TEAM = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "prod-db.toml"
RULE = read_toml(TEAM)["rule"][0]


@pytest.fixture(scope="module")
def team_policy(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    policy, _ = policy_mod.build("/", {"HOME": str(home), "AGENTSH_RULES": str(TEAM)},
                                 system=home / "none")
    assert not policy.errors, policy.errors
    return policy


@pytest.mark.parametrize("command", RULE["must_match"])
def test_must_match(team_policy, command) -> None:
    verdict = classify(command, team_policy, EXAMPLE_CONTEXT)
    assert "MATCH001" in {f.rule for f in verdict.findings}


@pytest.mark.parametrize("command", RULE["must_not_match"])
def test_must_not_match(team_policy, command) -> None:
    verdict = classify(command, team_policy, EXAMPLE_CONTEXT)
    assert "MATCH001" not in {f.rule for f in verdict.findings}


def test_the_examples_pass_through_rules_test(agentsh_bin, env, tmp_path) -> None:
    result = subprocess.run([agentsh_bin, "rules", "test", str(TEAM)], env=env, cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0 and "0 failed" in result.stdout, result.stdout
    assert all(r.ok for r in run_examples(
        policy_mod.build("/", {"HOME": str(tmp_path), "AGENTSH_RULES": str(TEAM)},
                         system=tmp_path / "none")[0]) if r.rule == "MATCH001")


def test_the_finding_names_the_value_it_matched(team_policy) -> None:
    verdict = classify("psql --host=prod-db.internal app", team_policy, EXAMPLE_CONTEXT)
    (finding,) = [f for f in verdict.findings if f.rule == "MATCH001"]
    assert finding.target == "prod-db.internal"


def test_a_bad_regex_is_named(tmp_path) -> None:
    from agentsh.policy.schema import validate

    errors = validate({"rule": [{**RULE, "any_value": ["("]}]})
    assert any("rule MATCH001: any_value: regex '(' does not compile" in e for e in errors)


def test_the_fast_path_leaves_every_possible_match_to_the_full_path(team_policy) -> None:
    names = fastindex.programs_that_matter(team_policy)
    assert names is not None, "an any_value rule must not switch the fast path off"
    patterns = fastindex.any_value_patterns(team_policy)
    texts = RULE["must_match"] + RULE["must_not_match"] + [
        "nc prod-db.internal 5432", "mongosh mongodb://u@prod-db.internal/app",
        "telnet prod-db.internal", "pg_isready --host prod-db.internal", "echo ok"]
    for text in texts:
        words = fastpath.split(text)
        if fastpath.plain_program(text) is None or words is None:
            continue
        verdict = classify(text, team_policy, EXAMPLE_CONTEXT)
        if "MATCH001" in {f.rule for f in verdict.findings}:
            assert fastpath.might_match(patterns, words), text


# patterns and texts for the fast path's literal hints: alternatives, optional and repeated
# groups, case flags (scoped too), classes, anchors, look-arounds, a back-reference, characters
# that match ASCII text without being ASCII (`(?i)K` with the Kelvin sign)
HINT_PATTERNS = [
    "(?i)^(?:-X|-m|--?method[=:]|--request=|--http-method=)?(?:delete|purge)$",
    "(^|\\.)prod-db\\.internal$", "^(gc|GC)\\.prune=now$", "ab?c", "(?:xy)*z", "(?:xy)+z",
    "(a|)bc", "(?i:DROP) table", "[dD]rop", "^-all$", "(?=abc)", "(x)\\1yy", "\u212a", "(?i)\u212a",
    "(?i)stra\u00dfe", "a{2,}b", "a{0,3}bc", "(?s)\\bmirror\\b[^;]*(--delete\\b|\\s-e\\b)", "",
]
HINT_TEXTS = ["delete", "-XDELETE", "--method=PURGE", "prod-db.internal", "x.PROD-DB.internal",
              "gc.prune=now", "GC.prune=now", "ac", "abc", "z", "xyz", "bc", "drop TABLE",
              "Drop", "-all", "abc", "xxyy", "k", "K", "STRASSE", "aab", "bc", "abc",
              "mirror --delete", "MIRROR -e", "anything", ""]


@pytest.mark.parametrize("pattern", HINT_PATTERNS)
def test_a_literal_hint_is_in_every_text_its_pattern_matches(pattern) -> None:
    import re

    needed = fastindex.needed_literals(pattern)
    for text in HINT_TEXTS:
        if re.search(pattern, text) and text.isascii():
            assert needed is None or any(s in text.lower() for s in needed), (pattern, text)


def test_the_shipped_patterns_have_hints_and_the_fast_path_uses_them(team_policy) -> None:
    patterns = fastindex.any_value_patterns(team_policy)
    index = fastindex.read_index(fastindex.render(
        ["sudo", "env", "bash", "sh", "eval", "xargs", "find", "rm"], "/bin/bash", "", False,
        [str(TEAM)], patterns))
    assert index["any_value"] == patterns and set(index["needs"]) == set(range(len(patterns)))
    for text in ("echo pg_isready -h prod-db.internal", "ls -XDELETE", "tool --request=purge",
                 "ls -X Delete"):
        assert fastpath.might_match(patterns, fastpath.split(text), index["needs"]), text
    assert not fastpath.might_match(patterns, ["ls", "-la"], index["needs"])
    # a word that is not ASCII is left to the patterns themselves
    assert fastpath.might_match(["(?i)\u212a"], ["\u212a"], {0: ["k"]})


def test_through_the_shell_as_an_agent(agentsh_bin, env, tmp_path) -> None:
    agent_env = {**env, "AGENTSH_RULES": str(TEAM), "CLAUDECODE": "1"}
    for text, blocked in (("echo pg_isready -h prod-db.internal", True),
                          ("echo pg_isready -h staging-db.internal", False)):
        for _ in range(2):  # the second run may take the fast path
            result = subprocess.run([agentsh_bin, "-c", text], env=agent_env, cwd=tmp_path,
                                    stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                    start_new_session=True)
            assert (result.returncode == 126) == blocked, (text, result.stderr)

"""What UNK140 (engine/wildcard.py) costs, and that the savings keep every stop: a word only
known at run time that is an option's value is only tried against rules that read option values
or an analyzer's facts; the rule examples are split by a regex shlex agrees with; and the work is
capped, asking when the cap is reached (what was not tried may match: fail closed)."""

from __future__ import annotations

import shlex

import pytest

from agentsh.engine import domains, wildcard
from agentsh.engine.classify import classify
from agentsh.engine.model import NULL_FILES
from agentsh.engine.parse import parse
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.fixture
def text_alone():
    ctx = make_context("/home/user/project", {"HOME": "/home/user"})
    return ctx._replace(files=NULL_FILES, read_file=lambda path: None)


def _examples(policy) -> list[str]:
    out = []
    for rule_id, *_ in policy.rule_metas():
        rule = policy.rule(rule_id)
        out += list(rule.must_match) + list(rule.must_not_match) + list(rule.todo_match)
    return out


def _shlex(text: str):
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        return "unterminated"


def _mine(text: str):
    try:
        return wildcard._tokens(text)
    except ValueError:
        return "unterminated"


SHAPES = ["git push origin main", "a && b || c; d | e", "x 'a b' \"c d\" e\\ f", "x \"a\\\"b\" 'c\\d'",
          "x \"a\\$b\\\\c\"", "x 'unterminated", "x \"unterminated", "x # comment", "x a#b",
          "(cd a && rm -rf b)", "x\ny", "VAR=1 prog --opt=\"v w\"", "x ''", "x \"\"", "x a\\"]


@pytest.mark.parametrize("text", SHAPES, ids=range(len(SHAPES)))
def test_example_words_are_split_as_shlex_splits_them(text: str) -> None:
    assert _mine(text) == _shlex(text)


def test_every_rule_example_is_split_as_shlex_splits_it(builtin_policy) -> None:
    examples = _examples(builtin_policy)
    assert len(examples) > 500
    assert [e for e in examples if _mine(e) != _shlex(e)] == []


def _command(text: str, program: str = "git"):
    """The outer command of `program` in the text (not the one inside `$(...)`)."""
    return max((c for c in parse(text).commands if c.program == program),
               key=lambda c: len(c.words))


def _count_matches(monkeypatch) -> list[int]:
    calls = [0]
    original = wildcard.match

    def counting(rule, view):
        calls[0] += 1
        return original(rule, view)

    monkeypatch.setattr(wildcard, "match", counting)
    return calls


OPTION_VALUES = ['git commit -m "$(cat msg)"', 'git log --format="$FMT" -n 3',
                 'git commit -F "$MSGFILE" --author "$(git config user.name)"',
                 'git tag -a v1 -m "$NOTES"']


@pytest.mark.parametrize("text", OPTION_VALUES)
def test_an_option_value_is_not_tried_against_rules_that_cannot_see_it(
        text, builtin_policy, text_alone, monkeypatch) -> None:
    calls = _count_matches(monkeypatch)
    cmd = _command(text)
    params = builtin_policy.analyzer("unknown")
    hit = wildcard.could_match(cmd, "git", builtin_policy, text_alone, domains.ANALYZERS, params)
    assert hit is None
    # only the rules on facts or option values (a handful) are tried, not all of git's
    rules = wildcard.vocabulary(builtin_policy, "git", 400).rules
    few = [r for r in rules if r.facts or r.option_values]
    assert len(few) < len(rules) / 4
    assert calls[0] <= len(few) * len(wildcard.vocabulary(builtin_policy, "git", 400).words)


STILL_ASK = ["git reset $(cat mode.txt) HEAD~3", 'curl -X "$M" https://api.example.com/v1/users/1',
             "read f; git push $f origin main", 'git commit -m $MSG --amend',
             "git -c $(cat opt) push origin main", 'read c; redis-cli "$c"',
             'psql -c "$SQL" -d prod', 'read v; kubectl "$v" ns prod']


@pytest.mark.parametrize("text", STILL_ASK)
def test_words_rules_can_see_still_ask(text, builtin_policy, text_alone) -> None:
    verdict = classify(text, builtin_policy, text_alone)
    assert verdict.decision >= Decision.CONFIRM, verdict


def test_the_work_is_capped_and_the_cap_asks(builtin_policy, text_alone) -> None:
    cmd = _command("git $(cat verb) origin main")
    params = dict(builtin_policy.analyzer("unknown"))
    assert wildcard.could_match(cmd, "git", builtin_policy, text_alone, domains.ANALYZERS,
                                params) is not None
    params["wildcard_max_matches"] = 3
    quiet = _command("git log $(cat range)")
    hit = wildcard.could_match(quiet, "git", builtin_policy, text_alone, domains.ANALYZERS, params)
    assert hit is not None and hit.rule is None  # not everything was tried: it asks


def test_the_capped_finding_says_why(builtin_policy, text_alone) -> None:
    policy = builtin_policy
    params = policy.analyzer("unknown")
    original = params.get("wildcard_max_matches")
    params["wildcard_max_matches"] = 3
    try:
        verdict = classify("git log $(cat range) --stat", policy, text_alone)
    finally:
        if original is None:
            params.pop("wildcard_max_matches")
        else:
            params["wildcard_max_matches"] = original
    unk = [f for f in verdict.findings if f.rule == "UNK140"]
    assert unk and "more values" in unk[0].message
    assert verdict.decision >= Decision.CONFIRM

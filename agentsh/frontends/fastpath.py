"""The allow fast path for `agentsh -c`, which runs before every agent command.

A `-c` string with no shell syntax (the shlex subset: no ``$ ` ; & | < > ( )``, newline,
backslash, comment, glob in the command name or brace) whose program no rule, analyzer or wrapper
names, and whose arguments hold no program the unwrapper looks for there, cannot produce a
finding: the full classifier would allow it. For those, this module logs the decision and execs bash
having imported nothing but builtins. Everything else, and any doubt (no index yet, a stale
index, a broken rules file, a secret-looking word to redact), goes to the full path.
The index of programs that matter is written by the full path (`write_index`); a test checks
that this path and the classifier agree on every tldr-pages command."""

from __future__ import annotations

import os
import sys

from agentsh import locations

SYNTAX = frozenset("$`;&|<>()\n\\")
GLOB = frozenset("*?[")
RESERVED = frozenset("! [[ ]] { } case coproc do done elif else esac fi for function if in "
                     "select then time until while".split())
VALUE_OPTIONS = frozenset(("-o", "+o", "-O", "+O", "--rcfile", "--init-file"))


def split(text: str) -> list[str] | None:
    """POSIX word splitting for text without `$`, backslashes or shell operators."""
    words: list[str] = []
    current: list[str] = []
    quote = ""
    in_word = False
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
            else:
                current.append(ch)
        elif ch in "'\"":
            quote = ch
            in_word = True
        elif ch in " \t":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(ch)
            in_word = True
    if quote:
        return None
    if in_word:
        words.append("".join(current))
    return words


def command_string(args: list[str]) -> str | None:
    """The `-c` string of a plain bash command line, or None."""
    i, has_c = 0, False
    while i < len(args):
        arg = args[i]
        if arg in VALUE_OPTIONS:
            i += 2
            continue
        if arg in ("--version", "--help"):
            return None
        if arg.startswith("--") or (len(arg) > 1 and arg[0] in "-+"):
            if arg[0] == "-" and not arg.startswith("--") and "c" in arg:
                has_c = True
            i += 1 + (sum(1 for ch in arg[1:] if ch in "oO") if not arg.startswith("--") else 0)
            continue
        break
    return args[i] if has_c and i < len(args) else None


def plain_program(text: str) -> str | None:
    """The program a plain command runs, or None when it needs the full path."""
    if SYNTAX.intersection(text):
        return None
    words = split(text)
    if words is None or any(w.startswith("#") for w in words):
        return None
    from agentsh.gate.jsonl import may_hold_secret

    if may_hold_secret(text):
        return None
    if not words or ("=" in words[0] and words[0].split("=", 1)[0].isidentifier()):
        return None  # assignments can matter (AWS_PROFILE=prod ...): full path
    name = words[0]
    if "/" in name or name in RESERVED or name.lower().endswith(".exe") or \
            name.startswith(("python", "pypy")) or GLOB.intersection(name) or "{" in text:
        return None  # a glob or brace expansion may make any command (`/bin/r?`, `{rm,-rf,x}`)
    return name


def vouches(text: str, program: str, index: dict) -> bool:
    """Whether the full classifier would allow this plain command (`plain_program` gave
    `program`) by what the index says; any doubt is a no."""
    return not (program in index["programs"] or
                program.rstrip("0123456789.-") in index["programs"] or  # ruby3.2, lua5.4
                arguments_matter(text, index) or
                (index.get("any_value") and
                 might_match(index["any_value"], split(text) or [], index.get("needs"))))


def arguments_matter(text: str, index: dict) -> bool:
    """An unknown program handed a watched program and its arguments (`anything rm -rf DIR`)
    is checked as that command by the full path, and so is one handed code through an option
    interpreters take code by (`matlab -batch CODE`, `qjs -e CODE`: INT021 reads it)."""
    triggers = index.get("triggers")
    code_options = index.get("code_options")
    if triggers is None or code_options is None:
        return True  # an index from before triggers: let the full path decide
    words = split(text) or []
    if not words:
        return False
    # SELF075: a program no table names (every program this path vouches for) handed one of
    # agentsh's or an agent's hook places, or the folder holding one (`foo ~/.config/agentsh`,
    # `foo /etc`, `foo .` in a project), may write it: the full path decides any word that may
    # be a path as `matcher._named_by_unknown` reads one (or an option's value, `--dir=~/x`)
    if any(_may_be_a_path(w) for w in words[1:]):
        return True
    if any(w.split("=", 1)[0] in code_options for w in words[1:]):
        return True
    if words[0] in index.get("data", ()):
        return False
    return any(w.rsplit("/", 1)[-1] in triggers for w in words[1:-1])


def _may_be_a_path(word: str) -> bool:
    text = word.split("=", 1)[1] if word.startswith("-") and "=" in word else word
    return text.startswith(("/", "~", ".")) or "/" in word


def might_match(patterns: list[str], words: list[str], needs: dict | None = None) -> bool:
    """Whether an `any_value` rule could match these words: the patterns are tried on more
    pieces than the engine's values (`engine.options.command_values`), never fewer. `needs`
    (pattern number -> strings one of which every match contains, `fastindex.needed_literals`)
    answers "no" without importing `re` when the words, all ASCII, hold none of them: every
    piece is part of one word."""
    if needs and all(i in needs for i in range(len(patterns))):
        joined = "\0".join(words)
        if joined.isascii():
            joined = joined.lower()
            if not any(s in joined for i in range(len(patterns)) for s in needs[i]):
                return False
    import re

    pieces = set(words)
    for word in words:
        pieces.update(re.split(r"[\s=:/@,?#\[\]'\"]+", word))
        if word.startswith("-") and not word.startswith("--"):
            pieces.add(word[2:])
        for part in word.split():
            if "=" in part:
                pieces.add(part.split("=", 1)[1])
    return any(re.search(p, piece) for p in patterns for piece in pieces if piece)


def run(argv: list[str], self_path: str) -> None:
    """Exec bash for a command the fast path can vouch for; return otherwise."""
    try:
        text = command_string(argv[1:])
        if text is None:
            return
        program = plain_program(text)
        if program is None:
            return
        if locations.protected_root():
            return  # protected mode: the service decides every command (frontends.shell)
        env = dict(os.environ)
        if env.get("AGENTSH_BASH"):
            return
        try:
            cwd = os.getcwd()
        except OSError:
            return
        from agentsh.engine.fastindex import load_index

        index = load_index(cwd, env)
        if index is None or index["syslog"] or not vouches(text, program, index):
            return
        bash = index["bash"]
        me = os.path.realpath(self_path) if self_path else ""
        if not os.access(bash, os.X_OK) or os.path.realpath(bash) == me:
            return
        _log(index["audit_log"] or os.path.join(locations.state_home(env), "agentsh",
                                                "audit.jsonl"), text, cwd, env)
    except Exception:  # any doubt: the full path decides
        return
    from agentsh.frontends import caller

    caller.restore_for_exec(env)
    os.execve(bash, argv[:1] + argv[1:], env)


def _log(path: str, text: str, cwd: str, env) -> None:
    import time

    from agentsh.gate import audit

    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cmd": text, "cwd": cwd,
             "decision": "allow", "outcome": "allowed", "findings": [], "channel": "policy",
             "agent": locations.actor_of(env), "pid": os.getpid(),
             "ancestry": locations.ancestry()}
    audit.write(path, entry, sys.stderr, syslog=False)

"""Shell options that change what a later command does (which directory `cd` lands in, whether
an assignment persists, whether `>` writes): which ones a command line *may* have turned on.

The dataflow pass keeps one set per check (`assigns.Registry.options`), filled as it meets
`set -P`, `set -o physical`, `shopt -s cdable_vars`, a child shell's `-o`/`-O`/`--posix` flags
or a shell started as `sh`. An option once met stays "may be on" for the rest of the text
(turning it off again is not followed: keeping both readings is the sound side); `"*"` means
any option (`set -o "$x"`, `shopt -s $x`). SHELLOPTS, BASHOPTS and POSIXLY_CORRECT, as the pass
knows them, count too (unknown: may be on). See docs/engine-dataflow.md, "Shell options".
"""

from __future__ import annotations

# `set -X` letters and the `set -o` names they stand for (only those the pass reads)
SET_LETTERS = {"P": "physical", "C": "noclobber", "f": "noglob", "H": "histexpand"}
# `shopt` names (BASHOPTS); everything else the pass reads is a `set -o` name (SHELLOPTS)
SHOPT_NAMES = frozenset(("cdable_vars", "lastpipe", "extglob", "expand_aliases", "sourcepath"))
# shells that run in POSIX mode whatever their flags (bash started as `sh` does too)
POSIX_SHELL_NAMES = frozenset("sh dash ash posh yash ksh mksh busybox".split())
# the POSIX special builtins: in POSIX mode an assignment in front of one persists
SPECIAL_BUILTINS = frozenset(
    ". : break continue eval exec exit export readonly return set shift times trap unset "
    "source".split())


def from_set(words) -> set[str]:
    """The options `set ARGS` may turn on (options end at `--`, `-`, or the first operand)."""
    found: set[str] = set()
    i = 0
    while i < len(words):
        word = words[i]
        text = word.text
        if not word.literal:
            found.add("*")  # `set $x`: the value may be options
            break
        if text in ("--", "-") or text[:1] not in ("-", "+") or len(text) < 2:
            break
        if text in ("-o", "+o"):
            if i + 1 < len(words):
                nxt = words[i + 1]
                if text == "-o":
                    found.add(nxt.text if nxt.literal else "*")
            i += 2
            continue
        if text[0] == "-":
            found.update(SET_LETTERS[c] for c in text[1:] if c in SET_LETTERS)
            if "o" in text[1:]:  # `-eo pipefail`: the next word is an option name
                if i + 1 < len(words):
                    nxt = words[i + 1]
                    found.add(nxt.text if nxt.literal else "*")
                    i += 1
        i += 1
    return found


def from_shopt(words) -> set[str]:
    """The options `shopt -s NAME...` (or `shopt -s -o NAME`) may turn on."""
    if any(not w.literal for w in words):
        return {"*"}
    texts = [w.text for w in words]
    flags = "".join(t[1:] for t in texts if t.startswith("-"))
    if "s" not in flags:
        return set()
    return {t for t in texts if not t.startswith("-")}


def from_shell_flags(words, program: str) -> set[str]:
    """The options a child shell starts with: `bash -o physical`, `-O cdable_vars`, `-P`,
    `-C`, `--posix`, or a shell that is POSIX by name (`sh`, `dash`)."""
    found: set[str] = set()
    if program in POSIX_SHELL_NAMES:
        found.add("posix")
    i = 1
    while i < len(words):
        word = words[i]
        text = word.text
        if not word.literal:
            found.add("*")
            break
        if text == "--" or text[:1] not in ("-", "+") or text in ("-", "+"):
            break
        if text in ("-o", "-O", "+o", "+O", "--rcfile", "--init-file"):
            if text in ("-o", "-O") and i + 1 < len(words):
                nxt = words[i + 1]
                found.add(nxt.text if nxt.literal else "*")
            i += 2
            continue
        if text == "--posix":
            found.add("posix")
        elif text[0] == "-" and not text.startswith("--"):
            found.update(SET_LETTERS[c] for c in text[1:] if c in SET_LETTERS)
        i += 1
    return found


def may_be_on(options, name: str, value) -> bool:
    """Whether option `name` may be on: met in the text (`options`, a set or None), or `value`
    says so. `value(var)` is a variable as the pass knows it: a string, None when unknown,
    False when surely unset."""
    if options and (name in options or "*" in options):
        return True
    var = "BASHOPTS" if name in SHOPT_NAMES else "SHELLOPTS"
    for source in (var, "POSIXLY_CORRECT") if name == "posix" else (var,):
        got = value(source)
        if got is None:
            return True
        if isinstance(got, str) and (source == "POSIXLY_CORRECT" or name in got.split(":")):
            return True
    return False

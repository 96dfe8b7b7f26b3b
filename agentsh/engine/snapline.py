"""The line rewrite: a snapshot bash takes itself, right before a deletion (docs/undo.md, "The
line rewrite").

When something earlier in a line could wait or move data into what a deletion destroys (`psql
-c ...; rm -rf out`, `sleep 5 && rm -rf _site`), a snapshot taken before the line starts may not
hold what the deletion destroys. Instead, the wrapper hands bash the original text with each
such deletion wrapped at its exact offsets from the parse:

    rm -rf out   ->   { command /ABS/python -IS -c CODE ID N DIGEST || exit 126; rm -rf out; }

so the snapshot is taken when bash reaches the command. Pure: this module only says whether a
line may be rewritten (`rewritable`) and builds the text (`rewrite`); the gate writes the plan
record and `gate/snapline.py` is the command bash runs.

A line is not rewritten (the plan is refused and a person decides, as before) when bash might
not run the call as written, or when the offsets are not the command's own:

- the text defines a function named `command`, `builtin`, `exit` or a path (a name with `/`),
  or runs anything that can define one, or change what a word means, at run time: `eval`,
  `source`/`.`, `alias`, `enable` (loading or disabling builtins), `trap` (code run before each
  command), `mapfile -C`/`readarray -C` (a callback), a command whose name is only known at run
  time (`$X ...`);
- the deletion is inside other code (`bash -c '...'`, `find -exec`, `xargs`, a function's call:
  its offsets are the outer command's) other than a plain wrapper that runs it in this shell's
  process tree (`exec`, `timeout`, `nice`, `nohup`, `env`, `command`, `stdbuf`, `ionice`,
  `setsid`: the whole wrapper command is wrapped);
- the text names PS4 (with `set -x`, bash expands it before each command, the deletion
  included: a command substitution there would run between the snapshot and the deletion);
- the deletion's own text reads `$_` (the last word of the command before, which the call
  changes);
- the rewritten text does not parse into exactly the same commands, in the same order, with one
  call before each wrapped command (`verified`)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.model import Command

# builtins that can give a word a new meaning at run time, or run a string as code
REBINDERS = frozenset(("eval", "source", ".", "alias", "enable", "trap"))
CALLBACKS = frozenset(("mapfile", "readarray"))
# names the call relies on: `command`, `exit`, and the program's own path
RESERVED = frozenset(("command", "builtin", "exit"))
# wrappers that run the command in this shell's process tree, whose whole text may be wrapped
PLAIN_WRAPPERS = frozenset(("exec", "timeout", "nice", "nohup", "env", "command", "stdbuf",
                            "ionice", "setsid"))
FAILED = 126  # the line's status when the snapshot could not be taken (bash's "cannot execute")
MODULE = "agentsh.gate.snapline"


def line_safe(commands: tuple[Command, ...], definitions=()) -> bool:
    """Whether nothing in the line can change what the call means when bash reaches it."""
    for definition in definitions:
        if getattr(definition, "kind", "") == "function" and (
                definition.name in RESERVED or "/" in definition.name):
            return False
    for cmd in commands:
        if cmd.via and any(v.split()[0] in REBINDERS for v in cmd.via):
            return False
        if not cmd.words:
            continue
        if not cmd.words[0].literal:
            return False
        program = cmd.words[0].text
        if program in REBINDERS or "/" in program and program.rsplit("/", 1)[1] in REBINDERS:
            return False
        if program in CALLBACKS and any(w.text.startswith("-C") or w.text.startswith("-")
                                        and "C" in w.text and not w.text.startswith("--")
                                        for w in cmd.words[1:]):
            return False
    return True


def wrappable(cmd: Command, text: str) -> bool:
    """Whether the deletion's offsets are its own (or a plain wrapper's around it), so that
    wrapping them wraps exactly the command bash runs."""
    if cmd.depth != len(cmd.via) or any(v not in PLAIN_WRAPPERS for v in cmd.via):
        return False
    if not cmd.span or cmd.span[1] <= cmd.span[0] or cmd.span[1] > len(text):
        return False
    own = text[cmd.span[0]:cmd.span[1]]
    if "$_" in own or "${_" in own:
        return False
    first = cmd.via[0] if cmd.via else (cmd.words[0].raw if cmd.words else "")
    # the span starts at the command (or an assignment or redirection before it)
    return bool(first) and (own.startswith(first) or bool(cmd.assignments or cmd.redirects))


def rewrite(text: str, wraps: list[tuple[tuple[int, int], str]]) -> str:
    """`text` with each span wrapped: `{ CALL || exit 126; COMMAND; }`. `wraps`: (span, call)
    pairs; one span is wrapped once."""
    out, at = [], 0
    for (start, end), call in sorted(set(wraps)):
        if start < at:
            raise ValueError("overlapping spans")
        out += [text[at:start], "{ ", call, f" || exit {FAILED}; ", text[start:end], "; }"]
        at = end
    out.append(text[at:])
    return "".join(out)


def verified(original: str, rewritten: str, calls: int, program: str) -> bool:
    """Whether the rewritten text parses into the original's commands, in order, with `calls`
    calls of `program` (and the `exit 126` after each) added, and nothing else."""
    from agentsh.engine.parse import parse

    before = parse(original)
    after = parse(rewritten)
    if not before.ok or not after.ok:
        return False
    exit_failed = ("exit", str(FAILED))

    def added(argv: tuple[str, ...]) -> bool:
        return argv[:1] == (program,) or argv[:2] == ("command", program) or argv == exit_failed

    ours = [c.argv for c in after.commands if added(c.argv)]
    theirs = [c.argv for c in before.commands if added(c.argv)]
    return [c.argv for c in after.commands if not added(c.argv)] == \
        [c.argv for c in before.commands if not added(c.argv)] and \
        ours.count(exit_failed) - theirs.count(exit_failed) == calls and \
        sum(a[:2] == ("command", program) for a in ours) - \
        sum(a[:2] == ("command", program) for a in theirs) == calls

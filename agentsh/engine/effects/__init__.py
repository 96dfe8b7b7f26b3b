"""File effects: which paths one command writes, creates, truncates, deletes, moves or links,
resolved as bash would (working directory, `~`, known variables, `//`, `/./`, `..`).

Most programs are described as data in rules.toml (`[analyzer.effects]`): an entry says what
the program does to its operands (`each`), to a destination (`copy`), or to option values
(`options`). Programs whose behaviour needs reading (git, tar, curl, awk, one-liners...) name a
`special` handler in `effects.programs`. A program in no table has *unknown* effects:
`command_effects` returns None, and the dataflow pass then trusts nothing it knew about files.

Paths come from a resolver (the dataflow pass's, see `engine.dataflow.Resolver`): an absolute
path, or "" when it is only known at run time. See docs/engine-dataflow.md.
"""

from __future__ import annotations

import posixpath
import re

from agentsh.engine.effects.base import (
    HARMLESS_TARGETS,
    OUTPUT_OPS,
    Effect,
    output_of,
    resolve,
    stdin_of,
    text_path,
    tree_effect,
)
from agentsh.engine.model import Command, Word
from agentsh.engine.options import NO_EFFECTS, program_name, read_args
from agentsh.policy.values import ProgramSpec

__all__ = ["Effect", "command_effects", "program_effects", "redirect_effects"]

def redirect_effects(cmd: Command, res) -> list[Effect]:
    """Files the shell opens for writing before the command runs."""
    out = []
    content = None
    for red in cmd.redirects:
        kind = OUTPUT_OPS.get(red.op)
        if kind is None:
            continue
        target = red.target
        if red.op == ">&" and (target.text.isdigit() or _number_valued(target, res)) or \
                target.text == "-":
            continue  # `>&2`, `>&$fd` with `fd=$((...))`: a descriptor, not a file
        path = resolve(res, target)
        if path in HARMLESS_TARGETS or path.startswith(("/dev/fd/", "/proc/self/fd/")):
            continue
        if kind == "write" and cmd.argv == ("exec",) and red.op in (">", ">|"):
            text = ""  # `exec 3> f` opens f for writing now: it is empty from here on
        elif kind in ("write", "append") and red.fd in (None, 1) and red.op != "<>":
            if content is None:
                content = output_of(cmd, res) if not cmd.argv or cmd.argv[0] != "exec" else None
                if not cmd.words or cmd.words[0].raw == "" and cmd.argv == (":",):
                    content = ""
            text = content
        else:
            text = None
        out.append(Effect(kind, path, target.text, False, text, detail=f"redirect {red.op}"))
    return out


def _number_valued(target: Word, res) -> bool:
    """A `>&` target that is one plain variable holding a number or nothing (`fd=$((n+1))`,
    `declare -i`: `flowstate.numeric`): bash copies that descriptor (nothing: an error, no
    file), never opens a file by that name."""
    import re

    if target.literal:
        return False
    state = getattr(res, "state", None)
    if state is None or not hasattr(state, "value"):
        return False
    from agentsh.engine.flowstate import DESCRIPTORS, holds_number

    if holds_number(target.raw, state):
        return True
    # `>&${NAME[1]}` (`-` after it: moved) where `coproc NAME` set NAME: a descriptor
    element = re.fullmatch(r'"?\$\{([A-Za-z_][A-Za-z0-9_]*)\[[01]\]\}"?-?', target.raw)
    return element is not None and state.value(element.group(1)) is DESCRIPTORS


def command_effects(cmd: Command, table: dict, spec_for, res) -> tuple[Effect, ...] | None:
    """Every effect of `cmd` on files (its redirects included), or None when the program's
    own effects are unknown (its redirects are then still in `redirect_effects`)."""
    own = program_effects(cmd, table, spec_for, res)
    if own is None:
        return None
    return tuple(redirect_effects(cmd, res)) + tuple(own)


def program_effects(cmd: Command, table: dict, spec_for, res) -> list[Effect] | None:
    if not cmd.words:
        return []
    if not cmd.words[0].literal:
        return None
    prog = program_name(cmd.program)
    entry = table.get("programs", {}).get(prog)
    if entry is None:
        if prog in NO_EFFECTS or prog in table.get("none", ()):
            return []
        return None
    if entry.get("special") == "code" and table.get("modules"):
        inner = _module_run(cmd, table["modules"])
        if inner is not None:  # `python3 -m json.tool IN OUT`: the module as a program
            return program_effects(inner, {"programs": table["modules"]}, None, res)
    spec = _spec(prog, entry, spec_for)
    if "special" in entry:
        if entry["special"] == "git":  # its own module: every git command, not the others'
            from agentsh.engine.effects import git as programs
        else:
            from agentsh.engine.effects import programs

        handler = getattr(programs, "effects_" + entry["special"].replace("-", "_"), None)
        if handler is None:
            return None
        # a handler that looks at another program (find -exec) knows the ones that write nothing
        return handler(cmd, {**entry, "none": table.get("none", ()),
                             "code_writes": table.get("code_writes", ()),
                             "programs": table.get("programs", {})}, spec, res)
    args = read_args(cmd.words[1:], spec)
    flags = args.flags | _cluster_letters(cmd.words[1:], spec)
    out: list[Effect] = []
    if entry.get("when") and not flags & set(entry["when"]):
        return out
    if "options" in entry:
        # `sort -o F /dev/null`: output made only from empty inputs leaves F empty
        inputs = [w.text for w in args.positionals]
        empty = "" if entry.get("output_of_inputs") and inputs and \
            all(t == "/dev/null" for t in inputs) else None
        for option, kind in entry["options"].items():
            for value in args.values(option):
                word = _word_for(cmd, option, value)
                out.append(Effect(kind, resolve(res, word), value, content=empty,
                                  detail=f"{prog} {option}"))
    if "assigns" in entry:
        for word in args.positionals:
            key, eq, value = word.text.partition("=")
            if eq and key in entry["assigns"]:
                vword = Word(value, word.literal, word.span, value)
                out.append(Effect(entry["assigns"][key], resolve(res, vword), value,
                                  content=_assign_content(args.positionals, res),
                                  detail=f"{prog} {key}="))
    if "each" in entry:
        out += _each(prog, entry, args, flags, cmd, res)
    if "last" in entry and len(args.positionals) >= entry.get("last_min", 2):
        word = args.positionals[-1]  # `convert in.png out.png`: the output is the last word
        out.append(Effect(entry["last"], resolve(res, word), word.text, detail=prog))
    if "derive" in entry and not flags & set(entry.get("no_file", ())):
        out += _derived(prog, entry, args, flags, res)
    if "copy" in entry:
        out += _copy(prog, entry, args, flags, res)
    return out


def _derived(prog: str, entry: dict, args, flags: set[str], res) -> list[Effect]:
    """`gunzip -f a.gz` writes `a`, `gzip -f a` writes `a.gz`: a file named from each operand,
    its suffix taken off (`derive`: "SUFFIX" or "SUFFIX=NEW", when decompressing: always, or
    with one of `derive_when`) or put on (`add_suffix`, otherwise)."""
    out = []
    decompress = not entry.get("derive_when") or bool(flags & set(entry["derive_when"]))
    add = entry.get("add_suffix", "")
    # the operand is removed once the new file is written (`remove_source`), unless one of
    # `keep` is given (`-k`); or only with one of `remove_when` (`zstd --rm`)
    removes = bool(flags & set(entry.get("remove_when", ()))) or (
        entry.get("remove_source", False) and not flags & set(entry.get("keep", ())))
    for word in args.positionals:
        text = word.text
        name = ""
        if flags & {"-r", "--recursive"}:
            # `gzip -r DIR`: every file under DIR is replaced by its (de)compressed copy
            out.append(Effect("tree", resolve(res, word), text, detail=prog))
            continue
        if decompress:
            for suffix in entry["derive"]:
                old, _, new = suffix.partition("=")
                if text.endswith(old) and len(text) > len(old) and not text.endswith("/" + old):
                    name = text[: -len(old)] + new
                    break
        elif add and not text.endswith(add):
            name = text + add
        if name:
            derived = Word(name, word.literal, word.span, name)
            out.append(Effect("write", resolve(res, derived), name, detail=prog))
            if removes and word.literal:  # `gzip F` leaves F.gz and deletes F
                out.append(Effect("delete", resolve(res, word), text, detail=prog))
    return out


def _module_run(cmd: Command, modules: dict) -> Command | None:
    """`python3 [-OPTS] -m NAME ARGS...` with NAME in `[analyzer.effects.modules]`: the command
    `NAME ARGS...`; None for anything else (the code handler decides)."""
    if not cmd.program.rstrip("0123456789.").endswith("python"):
        return None
    words = cmd.words
    for i in range(1, len(words) - 1):
        if words[i].text == "-m":
            name = words[i + 1]
            if not name.literal or name.text not in modules:
                return None
            if "/" in words[0].text and name.text == "pip":
                # `VENV/bin/python -m pip`: the pip of that environment (effects_pip)
                folder = words[0].text.rpartition("/")[0]
                name = name._replace(text=f"{folder}/pip", raw=f"{folder}/pip")
            return cmd._replace(words=(name,) + tuple(words[i + 2:]), redirects=())
        if not words[i].text.startswith("-"):
            return None
    return None


_SPECS: dict = {}


def _spec(prog: str, entry: dict, spec_for) -> ProgramSpec:
    """How `prog` reads its options: its [program.X] spec and the effects entry's values."""
    base = spec_for(prog) if spec_for is not None else ProgramSpec(prog)
    key = (prog, id(entry), base)
    found = _SPECS.get(key)
    if found is not None and found[0] is entry:
        return found[1]
    spec = _build_spec(base, entry)
    if len(_SPECS) > 512:
        _SPECS.clear()
    _SPECS[key] = (entry, spec)
    return spec


def _build_spec(base: ProgramSpec, entry: dict) -> ProgramSpec:
    values = frozenset(entry.get("values", ())) | frozenset(entry.get("options", {}))
    if entry.get("target"):
        values |= frozenset(entry["target"])
    return base._replace(value_options=base.value_options | values,
                         clusters=entry.get("clusters", base.clusters))


def _cluster_letters(words: tuple[Word, ...], spec: ProgramSpec) -> set[str]:
    """`-pi.bak`, `-i.orig`: in-place flags that carry a suffix."""
    out = set()
    for word in words:
        text = word.text
        if text.startswith("-") and not text.startswith("--") and "i" in text[1:3]:
            out.add("-i")
        if text.startswith("--in-place"):
            out.add("--in-place")
    return out


def _word_for(cmd: Command, option: str, value: str) -> Word:
    for word in cmd.words:
        if word.text == value:
            return word
    return Word(value, "$" not in value, cmd.span, value)


def _assign_content(positionals, res) -> str | None:
    for word in positionals:
        key, eq, value = word.text.partition("=")
        if eq and key == "if":
            if value == "/dev/null":
                return ""
            return None
    return None


def _each(prog: str, entry: dict, args, flags: set[str], cmd: Command, res) -> list[Effect]:
    kind = entry["each"]
    if flags & set(entry.get("append", ())):
        kind = "append"
    operands = list(args.positionals)
    mode_given = entry.get("mode_option") and any(
        w.literal and len(w.text) > 1 and w.text[0] in "-+" and
        set(w.text[1:]) <= set("rwxXstugoa=,+-0123456789") for w in cmd.words[1:])
    if not flags & set(entry.get("unless", ())) and not mode_given:
        operands = operands[entry.get("skip", 0):]
    recursive = bool(flags & set(entry.get("recursive", ())))
    content = None
    if entry.get("empty"):
        content = ""
    if prog == "truncate":
        sizes = args.values("-s") + args.values("--size")
        content = "" if sizes and all(s.lstrip("<>/%=") in ("0", "0K", "0M") for s in sizes) \
            else None
    elif kind in ("write", "append") and entry.get("stdin"):
        content = stdin_of(cmd, res)
    if kind == "touch":
        content = ""
    detail = prog
    if kind == "meta" and entry.get("locks") and (
            entry["locks"] == "any" or _takes_access(cmd, args, flags, entry)):
        # `chmod 000 ~/.claude`, `setfacl -m u:me:--- DIR`: what lies under the folder can no
        # longer be read (an agent's hook settings, agentsh's rules): the rules that protect a
        # file see a folder above it changed (`matcher._writes`)
        detail = f"{prog} {LOCKS}"
    out = [Effect(kind, resolve(res, w), w.text, recursive, content, detail=detail)
           for w in operands]
    for flag, extra in entry.get("also", {}).items():
        if flag in flags:
            out += [Effect(extra, resolve(res, w), w.text, recursive, detail=f"{prog} {flag}")
                    for w in operands]
    if entry.get("parents") and flags & set(entry["parents"]):
        for effect in list(out):
            parent = posixpath.dirname(effect.path)
            while effect.path and parent not in ("/", "", "//"):
                out.append(effect._replace(path=parent, text=parent, detail=f"{prog} -p"))
                parent = posixpath.dirname(parent)
    return out


LOCKS = "(takes the owner's access away)"


def _takes_access(cmd: Command, args, flags: set[str], entry: dict) -> bool:
    """A chmod mode that leaves the owner without read or search (x) permission: octal with
    the owner's digit missing 4 or 1 (`000`, `600` on a folder), a symbolic clause that takes
    r or x from u or a (`a-r`, `-x`, `u=w`). Modes only known at run time count too."""
    if flags & set(entry.get("unless", ())):
        return False
    modes = [w for w in cmd.words[1:] if w.literal and len(w.text) > 1 and w.text[0] in "-+" and
             set(w.text[1:]) <= set("rwxXstugoa=,+-0123456789")]
    if not modes and args.positionals:
        modes = [args.positionals[0]]
    for word in modes:
        if not word.literal:
            return True
        text = word.text
        if text.isdigit():
            owner = int(text[-3], 8) if len(text) >= 3 else 0
            if not owner & 4 or not owner & 1:
                return True
            continue
        for clause in text.split(","):
            m = re.match(r"([ugoa]*)([-+=])([rwxXst]*)$", clause)
            if m is None:
                if re.match(r"[ugoa]*(?:[-+=][rwxXstugo]*)+$", clause) and "-" in clause:
                    return True  # several operators: judged as taking access away
                continue
            who, op, perms = m.groups()
            if who and not set(who) & {"u", "a"}:
                continue
            if op == "-" and set(perms) & {"r", "x", "X"} or op == "=" and not (
                    "r" in perms and set(perms) & {"x", "X"}):
                return True
    return False


def _copy(prog: str, entry: dict, args, flags: set[str], res) -> list[Effect]:
    """`cp SRC... DEST`, `cp -t DIR SRC...`, `mv`, `install`, `ln`: the destination (or each
    DIR/basename(SRC)) gets the effect; `mv` also moves each source away."""
    kind = entry["copy"]
    operands = list(args.positionals)
    target_dir = None
    for option in entry.get("target", ()):
        values = args.values(option)
        if values:
            target_dir = values[-1]
    # a hard link (`ln` without -s, `cp -l`, `link`): the new name is the same file, so a later
    # write through it, by any tool, changes the source, which no path names then: the link
    # changes the source's metadata (its link count), judged where the source is
    hard = bool(entry.get("hard") or flags & set(entry.get("hard_links", ())) or
                ("soft" in entry and not flags & set(entry["soft"])))
    if kind == "write" and flags & set(entry.get("links", ())):
        kind = "link"  # `cp -l`, `cp -s`: the destination is the source, not a copy of it
    # `cp -P/-d/-a/-r` of a symlink makes a symlink to the same place
    keep_links = kind == "write" and bool(flags & set(entry.get("keep_links", ()))) and \
        not flags & set(entry.get("follow", ()))
    absolute = kind == "link" and (entry.get("absolute") or entry["copy"] != "link")
    if flags & set(entry.get("dirs", ())):  # install -d DIR...
        return [Effect("mkdir", resolve(res, w), w.text, detail=f"{prog} -d") for w in operands]
    recursive = bool(flags & set(entry.get("recursive", ())))
    if target_dir is None:
        if kind == "link" and len(operands) == 1:
            sources, dest_word = operands, Word(".", True, (0, 0), ".")
        elif len(operands) < 2:
            return []
        else:
            sources, dest_word = operands[:-1], operands[-1]
        dest = resolve(res, dest_word)
        dest_text = dest_word.text
        into = len(sources) > 1 or dest_text.endswith("/") or \
            (dest and res.kind(dest) in ("dir",)) or (kind == "link" and dest_text == ".")
        maybe_dir = not into and (not dest or res.kind(dest) in ("unknown", "symlink"))
        if flags & set(entry.get("no_target", ())) and len(sources) == 1:
            into = maybe_dir = False  # `cp -rT src dst`: dst itself, never dst/src
    else:
        sources = operands
        dest = res.path(target_dir, target_dir) if "$" not in target_dir else ""
        dest_text, into, maybe_dir = target_dir, True, False
    out: list[Effect] = []
    if prog == "cp" and "--parents" in flags and dest_text:  # DEST is a folder
        # `cp --parents a/b/c DIR` writes DIR/a/b/c; a source only known at run time (`find .
        # -exec cp --parents {} ~ \;`) may land anywhere under DIR (red-team s30)
        for src in sources:
            if src.literal and src.text not in ("{}", "") and not src.text.startswith("/"):
                inside = dest_text.rstrip("/") + "/" + src.text
                out.append(Effect("tree" if recursive else "write", text_path(res, inside),
                                  inside, recursive, detail="cp --parents"))
            else:
                out.append(tree_effect(res, dest_text, "cp --parents"))
        return out
    for src in sources:
        src_path = resolve(res, src)
        content = None
        if kind == "write" and src_path and not recursive:
            content = "" if src_path == "/dev/null" else res.read(src_path)
        origin = src_path
        if kind == "link" and src.literal and not src.text.startswith(("/", "~")) and \
                not absolute:
            origin = src.text  # a relative link target is relative to the link's directory
        if kind == "link" and origin == "/dev/null":
            content = ""
        base = posixpath.basename(src.text.rstrip("/")) or src.text
        is_tree = recursive or entry.get("move") and src_path and res.kind(src_path) == "dir"
        effect_kind = "tree" if is_tree and kind != "link" else kind
        if keep_links and src_path and res.kind(src_path) == "symlink":
            effect_kind, content, is_tree = "link", None, False
            origin = res.realpath(src_path) or ""
        if hard and kind == "link" and src_path:
            out.append(Effect("meta", src_path, src.text, False, None, "", f"{prog} (hard link)"))
        if into:
            # `cp -r src/. dst/`: the folder's content lands in dst itself
            path = (posixpath.join(dest, base) if base != "." else dest) if dest else ""
            out.append(Effect(effect_kind, path, posixpath.join(dest_text, base)
                              if base != "." else dest_text, is_tree, content, origin, prog))
        else:
            out.append(Effect(effect_kind, dest, dest_text, is_tree, content, origin, prog))
            if maybe_dir and dest:
                out.append(Effect(effect_kind, posixpath.join(dest, base),
                                  posixpath.join(dest_text, base), is_tree, content, origin,
                                  prog, False))
        if entry.get("move"):
            out.append(Effect("move", src_path, src.text, bool(is_tree), detail=prog))
    return out

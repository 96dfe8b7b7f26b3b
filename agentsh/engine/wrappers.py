"""Prefix commands and the commands they run: `sudo`, `env`, `timeout`, `xargs`, `find -exec`,
`docker exec`, `kubectl exec -- ...`, `uv run` and the like. Each helper returns the inner
command with the wrapper's options peeled off; unwrap.py walks into it. Package runners (`npx`,
`pnpm dlx`, `uvx` ...) are data in rules.toml, read by `runners.py`."""

from __future__ import annotations

import re
from collections import namedtuple

from agentsh.engine.model import Command, Word

PLACEHOLDER = "{}"  # an argument that comes from standard input (xargs, find -exec {})


class Prefix(namedtuple("Prefix", "value_options positional_before no_command_flags",
                        defaults=(frozenset(), 0, frozenset()))):
    """How a prefix command reads its own options before the command it runs."""

    __slots__ = ()

    value_options: frozenset[str]
    positional_before: int  # words it consumes before the command (timeout's DURATION)
    no_command_flags: frozenset[str]  # `command -v`: looks up, runs nothing


def prefix_spec(values: str = "", before: int = 0, none: str = "") -> Prefix:
    return Prefix(frozenset(values.split()), before, frozenset(none.split()))


PREFIXES: dict[str, Prefix] = {
    "sudo": prefix_spec("-u --user -g --group -h --host -p --prompt -C --close-from -D --chdir "
                        "-r --role -t --type -U --other-user -T --command-timeout",
                        none="-l --list -v --validate -k -K -e --edit -V --version"),
    "doas": prefix_spec("-u -C"),
    "command": prefix_spec(none="-v -V"),
    "builtin": prefix_spec(),
    "exec": prefix_spec("-a"),
    "nice": prefix_spec("-n --adjustment"),
    "nohup": prefix_spec(),
    "timeout": prefix_spec("-s --signal -k --kill-after", before=1),
    "time": prefix_spec("-f --format -o --output"),
    "coproc": prefix_spec(),
    "stdbuf": prefix_spec("-i --input -o --output -e --error"),
    "ionice": prefix_spec("-c --class -n --classdata", none="-p --pid -P --pgid -u --uid"),
    "setsid": prefix_spec(),
    "chroot": prefix_spec("--userspec --groups", before=1),
    "strace": prefix_spec("-e -o -p -s -u -E -a -b -I -O -P -S -X"),
    "ltrace": prefix_spec("-e -o -p -s -u -a -n"),
    "busybox": prefix_spec(),
    "nsenter": prefix_spec("-t --target -S --setuid -G --setgid"),
    "unshare": prefix_spec(),
    "catchsegv": prefix_spec(),
    "caffeinate": prefix_spec("-t -w"),
    "torsocks": prefix_spec(),
    "proxychains": prefix_spec("-f"),
    "proxychains4": prefix_spec("-f"),
    "firejail": prefix_spec(),
    "!": prefix_spec(),
    "doppler": prefix_spec(),
    "dotenv": prefix_spec("-e -v"),
}
# `tool SUBCOMMAND [options] CMD...` runners: uv run, poetry run, bundle exec, ...
RUNNERS: dict[tuple[str, str], Prefix] = {
    ("uv", "run"): prefix_spec("--with --python -p --project --directory --env-file --package --group "
                      "--extra --index --with-requirements"),
    ("poetry", "run"): prefix_spec(),
    ("pipenv", "run"): prefix_spec(),
    ("pdm", "run"): prefix_spec(),
    ("hatch", "run"): prefix_spec(),
    ("bundle", "exec"): prefix_spec(),
    ("op", "run"): prefix_spec("--env-file"),
    ("doppler", "run"): prefix_spec("-p --project -c --config"),
    ("aws-vault", "exec"): prefix_spec("-d --duration -r --region", before=1),
    ("direnv", "exec"): prefix_spec(before=1),
    ("mise", "exec"): prefix_spec(),
    ("nix", "shell"): prefix_spec(),
    ("flatpak-spawn", "--host"): prefix_spec(),
}


def skip_options(words: tuple[Word, ...], spec: Prefix, start: int) -> int | None:
    """Index of the first word of the inner command, or None when it runs none."""
    i = start
    while i < len(words):
        text = words[i].text
        if text == "--":
            return i + 1
        if not text.startswith("-") or text == "-" or not words[i].literal:
            break
        name = text.split("=", 1)[0]
        if name in spec.no_command_flags:
            return None
        if name in spec.value_options and "=" not in text:
            i += 2
            continue
        if len(text) > 2 and not text.startswith("--") and text[:2] in spec.value_options:
            i += 1  # -uroot
            continue
        if name == "-n" and text[2:].isdigit():
            i += 1
            continue
        if text[1:].isdigit():  # nice -10
            i += 1
            continue
        i += 1
    i += spec.positional_before
    return i if i < len(words) else None


def peel(cmd: Command, words: tuple[Word, ...], label: str,
           assignments: tuple[tuple[str, str], ...] = ()) -> Command:
    return cmd._replace(words=words, via=cmd.via + (label,),
                   assignments=cmd.assignments + assignments)


def env_command(cmd: Command) -> tuple[Command | None, list[str]]:
    """`env [-u NAME] [NAME=VALUE...] CMD`: the command it runs, or the code of `env -S STRING`."""
    words = cmd.words
    i, assignments, code = 1, [], []
    while i < len(words):
        text = words[i].text
        if text == "--":
            i += 1
            continue
        if text in ("-u", "--unset", "-C", "--chdir", "-P"):
            i += 2
            continue
        if text in ("-S", "--split-string") and i + 1 < len(words):
            code.append(words[i + 1].text + " " + " ".join(w.text for w in words[i + 2 :]))
            return None, code
        if text.startswith("--split-string=") or text.startswith("-S") and len(text) > 2:
            rest = text.split("=", 1)[1] if text.startswith("--") else text[2:]
            code.append(rest + " " + " ".join(w.text for w in words[i + 1 :]))
            return None, code
        if text.startswith("-") and words[i].literal:
            i += 1
            continue
        name, eq, value = text.partition("=")
        if eq and name and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            assignments.append((name, value))
            i += 1
            continue
        break
    if i >= len(words):
        return None, []
    return peel(cmd, words[i:], "env", tuple(assignments)), []


def _replace_token(options: tuple[Word, ...], short: tuple[str, ...], default: str) -> str:
    """The string xargs/parallel replace with each input (`-I {}`, `--replace`, `-J %`)."""
    for i, word in enumerate(options):
        text = word.text
        for flag in short:
            if text == flag and i + 1 < len(options):
                return options[i + 1].text
            if text.startswith(flag) and len(text) > len(flag):
                return text[len(flag):]
        if text in ("-i", "--replace"):
            return default
        if text.startswith(("--replace=", "-i")):
            return text.split("=", 1)[1] if "=" in text else text[2:]
    return ""


def _with_inputs(words: tuple[Word, ...], token: str) -> tuple[Word, ...]:
    """Words that contain the input placeholder are only known at run time."""
    return tuple(Word(w.text, False, w.span, w.raw) if token and token in w.text else w
                 for w in words)


def xargs_command(cmd: Command) -> Command | None:
    spec = prefix_spec("-a --arg-file -d --delimiter -E -e --eof -I -J -R -S -L --max-lines -l "
                       "-n --max-args -P --max-procs -s --max-chars --process-slot-var")
    start = skip_options(cmd.words, spec, 1)
    if start is None:
        return None
    inner = cmd.words[start:]
    token = _replace_token(cmd.words[1:start], ("-I", "-J"), "{}")
    if token:
        inner = _with_inputs(inner, token)
    else:
        inner = inner + (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),)
    return peel(cmd, inner, "xargs")


def parallel_command(cmd: Command) -> Command | None:
    spec = prefix_spec("-j --jobs -S --sshlogin -a --arg-file --delay --timeout --joblog "
                       "--results -I --tmpdir --workdir --env -d --delimiter -N --max-args")
    start = skip_options(cmd.words, spec, 1)
    if start is None:
        return None
    words = cmd.words[start:]
    texts = [w.text for w in words]
    for sep in (":::", "::::", ":::+"):
        if sep in texts:
            k = texts.index(sep)
            inputs = tuple(w for w in words[k + 1 :] if w.text not in (":::", "::::", ":::+"))
            if sep == "::::":
                inputs = (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),)
            body = words[:k]
            if not body:  # `parallel ::: CMD...`: each input is a command line
                return peel(cmd, (Word("eval", True, cmd.span, "eval"),) + inputs, "parallel")
            if any("{" in w.text for w in body):
                if sep == "::::":
                    return peel(cmd, _with_inputs(body, "{"), "parallel")
                return peel(cmd, tuple(w for w in body if "{" not in w.text) + inputs,
                              "parallel")
            return peel(cmd, body + inputs, "parallel")
    if any("{" in w.text for w in words):
        return peel(cmd, _with_inputs(words, "{"), "parallel")
    return peel(cmd, words + (Word(PLACEHOLDER, False, cmd.span, PLACEHOLDER),), "parallel")


def find_exec(cmd: Command) -> list[Command]:
    out = []
    words = cmd.words
    i = 1
    while i < len(words):
        if words[i].text in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            while j < len(words) and words[j].text not in (";", "+", "\\;"):
                j += 1
            body = tuple(Word(PLACEHOLDER, False, w.span, w.raw) if PLACEHOLDER in w.text else w
                         for w in words[i + 1 : j])
            if body:
                out.append(peel(cmd, body, f"find {words[i].text}"))
            i = j
        i += 1
    return out


def container_exec(cmd: Command) -> Command | None:
    """`docker exec [opts] CTR CMD`, `docker run [opts] IMAGE CMD`, `kubectl exec POD -- CMD`."""
    texts = [w.text for w in cmd.words]
    prog = cmd.program
    if prog == "kubectl" or prog == "oc":
        if "exec" in texts and "--" in texts:
            k = texts.index("--")
            return peel(cmd, cmd.words[k + 1 :], f"{prog} exec") if k + 1 < len(texts) else None
        return None
    docker_opts = ("-e --env --env-file -u --user -w --workdir --detach-keys -v --volume -p "
                   "--publish --name --network --net --entrypoint --mount --platform -l --label "
                   "-h --hostname --cpus -m --memory --add-host --device --dns --ulimit --pull "
                   "--restart --log-driver --security-opt --cap-add --cap-drop --tmpfs --gpus "
                   "-a --attach --cidfile --ipc --pid --shm-size --runtime --stop-signal "
                   "--health-cmd --user --group-add --link --expose --env-file --index "
                   "-f --file --project-name --profile")
    spec = prefix_spec(docker_opts)
    i = 1
    # docker [global opts] [compose] exec|run ...
    while i < len(texts) and texts[i].startswith("-"):
        i += 2 if texts[i] in ("-H", "--host", "--context", "-c", "--config", "--log-level") else 1
    if i < len(texts) and texts[i] == "compose":
        i += 1
        while i < len(texts) and texts[i].startswith("-"):
            i += 2 if texts[i] in ("-f", "--file", "-p", "--project-name", "--profile",
                                   "--env-file", "--project-directory") else 1
    if i < len(texts) and texts[i] == "container":
        i += 1
    if i >= len(texts) or texts[i] not in ("exec", "run"):
        return None
    start = skip_options(cmd.words, spec, i + 1)
    if start is None or start + 1 >= len(texts):
        return None
    return peel(cmd, cmd.words[start + 1 :], f"{prog} {texts[i]}")

"""Recovery plans: what to save before a command destroys something, so that a snapshot can
stand in for a person (docs/undo.md).

A rule opts in with `recoverable = "snapshot"` (never a critical or deny rule). For each of its
findings the engine says what must be saved (`Snap` values: paths and kinds); the gate does it
(`gate/snapshots/`). Pure, like the rest of the engine: paths are resolved from the command's
words and the context, nothing here touches a file.

A plan is made only where the engine knows exactly what the command destroys: every target a
literal word (no variable, no brace expansion, no `..`), the directory it runs in known (the
dataflow pass's `ctx.cwd`: after a `cd` that surely happened, `""` otherwise), the command run
here (not over ssh, in a container or in another root), and nothing earlier in the line able to
move data into a target (`mv`, `ln`, `tar`, a script: only the programs in `QUIET` may come
before). Anything else: no plan, and a person decides as the rule says.

`targets` is the one function that reads a command. Rules on file effects (FS020: a file left
empty) take their paths from the dataflow pass's effects (`engine/effects`), so a plan saves
exactly the files the finding is about; operand rules read the matched rule's operands (globs,
`find` expressions and git's pathspecs are not effects), resolved against the same directory."""

from __future__ import annotations

import posixpath
import re

from agentsh.engine.lazyre import later
from agentsh.engine.places import SCRATCH, SYSTEM, in_project, own_space
from agentsh.engine.model import Command, Finding, Snap, Verdict, Word
from agentsh.policy.values import Decision, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.engine.matcher import View
    from agentsh.policy.values import Rule

# Programs that cannot move or link existing data into another path (what they write is the
# line's own output), and wrappers whose inner commands are checked on their own.
QUIET = frozenset(
    "ls cat head tail less more grep egrep fgrep rg ag pwd echo printf wc sort uniq diff cmp "
    "which type file stat du df date whoami id uname true false test [ [[ man help tree jq yq "
    "bat realpath readlink dirname basename hostname printenv ps pgrep uptime free history "
    "command builtin : rm rmdir unlink mkdir touch cp sed tee chmod export unset set "
    "shift local declare typeset readonly hash cd pushd popd sudo doas nice nohup timeout time "
    "stdbuf ionice setsid env xargs find bash sh zsh dash ksh eval source . exec git trap".split())
# Guessed commands that move or link data (or archive it away): they block a plan even among
# the arguments of a program that is fine before the deletion
GUESSED_MOVERS = frozenset("mv rename prename perl-rename file-rename ln link rsync tar gtar "
                           "bsdtar zip 7z 7za unison rclone mc".split())
# Programs that take as long as they are told to (or forever) before a deletion: the snapshot
# is taken before the line runs, so they widen the window for a job started earlier
WAITERS = frozenset("sleep wait ping top htop yes watch".split())
# Python code an earlier command runs is quiet too when agentsh can read it (`python3 -c CODE`,
# a script file as the line left it, `python3 - <<EOF`), it imports only these modules, and it
# calls nothing that moves or links a path, or runs other code (PYTHON_MOVERS): it may write
# files, but it cannot move existing data into a target (a copy leaves the original where it was)
QUIET_PYTHON_MODULES = frozenset(
    "sys os re json pathlib io textwrap collections itertools functools math string typing "
    "dataclasses difflib ast tokenize glob fnmatch datetime time random hashlib base64 pprint "
    "argparse tempfile codecs unicodedata enum copy operator csv traceback warnings keyword "
    "struct decimal fractions statistics contextlib abc numbers heapq bisect array types "
    "locale uuid".split())
PYTHON_MOVERS = frozenset(
    "rename renames move symlink link symlink_to hardlink_to link_to system popen startfile "
    "exec eval getattr __import__ import_module execl execle execlp execlpe execv execve execvp "
    "execvpe spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe posix_spawn "
    "posix_spawnp fork forkpty chdir chroot".split())
PYTHON = re.compile(r"python(?:[23](?:\.\d+)?)?$")
# git subcommands that may move data from one path to another
GIT_MOVERS = frozenset(("mv", "worktree", "submodule", "filter-branch", "filter-repo"))
# git subcommands that leave HEAD, the index, the work tree and the stash as they are: the only
# ones that may come before a git command a snapshot stands in for (`git stash && git stash
# drop` drops an entry the snapshot, taken before the line, never saw)
GIT_READS = frozenset("status log diff show rev-parse ls-files ls-tree blame describe shortlog "
                      "reflog grep cat-file remote fetch config branch tag".split())
# git subcommands that discard work without creating any state a snapshot taken before the line
# would miss (their own findings carry their own plans): they may come before another
GIT_DISCARDS = frozenset(("clean", "restore", "checkout", "reset"))
# wrappers and nested code that run the command here, in the same directory and file system
LOCAL_VIA = ("sudo", "doas", "command", "builtin", "exec", "nice", "nohup", "timeout", "time",
             "stdbuf", "ionice", "setsid", "strace", "ltrace", "catchsegv", "flock", "eval",
             "env", "!", "coproc", "bash", "sh", "zsh", "dash", "ksh", "source", ".",
             "find -exec", "find -ok", "xargs",
             # a script run by path (`chmod +x run.sh && ./run.sh`): the kernel runs it here,
             # in the caller's directory, as `bash run.sh` would
             "script ",
             # package runners and the deleters they run (`npx rimraf DIR` is `rm -rf DIR`)
             "npx", "pnpx", "bunx", "uvx", "pnpm dlx", "yarn dlx", "npm exec", "pnpm exec",
             "rimraf", "del-cli", "del")
NEVER = ("/proc", "/sys", "/dev", "/run")  # not files a snapshot can hold
# The system's own directories: a snapshot never stands in for a person under them (scratch
# space excepted). The engine judges the words; the gate judges again where a path really is
# (symlinks resolved) and whose it is (gate/snapshots/take.py uses these same lists).
# Applications' configuration under /etc (rule FS030, whose paths these are): a copy of a file
# there may stand in for a person when the file is the user's own (the gate checks the owner:
# root in a container); never a whole tree, never the machine's own files under /etc.
APP_CONFIG = tuple(f"/etc/{name}" for name in (
    "nginx apache2 httpd lighttpd caddy haproxy varnish squid mysql mariadb postgresql redis "
    "memcached mongodb rabbitmq elasticsearch php supervisor prometheus grafana gunicorn "
    "uwsgi samba bind postfix dovecot mosquitto influxdb telegraf clickhouse-server kibana "
    "logstash tomcat9 tomcat10").split())
HOMES = ("home", "Users")  # where other users' home directories are
# wrapper options that run the command as another user, whose files are not the user's own
OTHER_USER = {"sudo": ("-u", "--user", "-g", "--group"), "doas": ("-u",), "runuser": ("-u",),
              "setpriv": ("--reuid", "--regid")}
GLOB = re.compile(r"[*?\[]")
CONCURRENT = re.compile(r"(?<![&>|])&(?![&>])|(?<!\|)\|(?!\|)")  # `cmd &`, `a | b`, not `&&` `||`
REMOTE = re.compile(r"^(?:[^/]*:|rsync://)")  # host:path, rsync://host/path

# find: options before the start points, tests that only select, and actions that only print
FIND_LEADING = frozenset(("-H", "-P"))
FIND_TESTS = frozenset(("-newermm", "-newerma", "-newermc", "-newerat", "-newerct",
    "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex",
    "-type", "-xtype", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer",
    "-anewer", "-cnewer", "-size", "-user", "-group", "-uid", "-gid", "-perm", "-links",
    "-inum", "-samefile", "-lname", "-ilname", "-maxdepth", "-mindepth", "-fstype", "-used",
    "-regextype"))
FIND_FLAGS = frozenset(("-empty", "-true", "-false", "-readable", "-writable", "-executable",
                        "-nouser", "-nogroup", "-xdev", "-mount", "-depth", "-noleaf",
                        "-daystart", "-ignore_readdir_race", "!", "-not", "(", ")", "\\(",
                        "\\)", "-a", "-and", "\\!"))
FIND_PRINTS = frozenset(("-print", "-print0", "-ls"))
# find tests on metadata an earlier command in the line may change (`touch -d ... ref`, `chmod`)
FIND_METADATA = frozenset((
    "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer",
    "-size", "-user", "-group", "-uid", "-gid", "-perm", "-links", "-inum", "-samefile",
    "-used", "-empty", "-readable", "-writable", "-executable", "-nouser", "-nogroup",
    "-newermm", "-newerma", "-newermc", "-newerat", "-newerct"))
# programs that change no file's metadata or content (what a `find` test or git's ignore rules
# read): the only ones that may come before a listed selection (`find` tests on metadata,
# `git clean`), with no redirection that writes a file
READERS = frozenset(
    "ls cat head tail less more grep egrep fgrep rg ag pwd echo printf wc sort uniq diff cmp "
    "which type file stat du df date whoami id uname true false test [ [[ man help tree jq yq "
    "bat realpath readlink dirname basename hostname printenv ps pgrep uptime free history "
    "command builtin : cd pushd popd export unset set shift local declare typeset readonly "
    "hash".split())
# git's pathspec modes, as options and in the environment
PATHSPEC_MODES = ("--glob-pathspecs", "--noglob-pathspecs", "--icase-pathspecs")
PATHSPEC_ENV = ("GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS")
FIND_RM = frozenset(("rm", "rmdir", "unlink"))


def targets(rule: Rule, view: View, line: tuple[Command, ...], index: int,
            concurrent: bool | tuple[int, ...], late: bool = False) -> tuple[Snap, ...]:
    """What to save so that the finding of `rule` on `view`'s command can be undone; () when
    the engine cannot say exactly (then the finding stays as the rule says). `line` is every
    command found in the text in order, the finding's command at `index`; `concurrent`: True
    when the text may run any command at the same time (`&`), else the indices of the commands
    after it that run alongside it (the rest of its pipeline)."""
    if rule.recoverable != "snapshot" or rule.severity == Severity.CRITICAL:
        return ()
    cmd = view.cmd
    if not _local(cmd) or any(_as_other_user(c) for c in line if _wraps(c, cmd)):
        return ()
    if late:  # taken when bash reaches the command: what ran before it is in the snapshot
        others = ()
    elif concurrent is True:
        others = line[:index] + line[index + 1 :]
    else:  # the commands of its own pipeline after it, if any, run alongside it
        others = line[:index] + tuple(line[i] for i in concurrent or ())
    def fine(c: Command) -> bool:
        return _quiet(c) or _wraps(c, cmd) or _writes_nothing(c, view) or \
            _quiet_python(c, view) or _blind(c, view)

    if not all(fine(c) or _guess_of_fine(c, others, fine) for c in others):
        return ()
    home = view.ctx.getenv("HOME")
    # where the command runs: the dataflow pass's directory, or each directory it may be in
    # (`cd DIR` on a line of its own may fail: bash then goes on where it was)
    cwds = [view.ctx.cwd] if view.ctx.cwd else \
        [c for c in (getattr(view.cmd.flow, "cwds", None) or ()) if c]
    if not cwds:
        cwds = [""]
    out: tuple[Snap, ...] = ()
    for cwd in cwds:
        start = next((r.state.project for r in view.resolvers), "") or ""
        found = _targets_in(rule, view, line, index, _Place(cwd, home, start), late)
        if not found:
            return ()
        out += tuple(s for s in found if s not in out)
    plain = {(s.kind, s.path) for s in out if "elsewhere" not in s.args}
    return tuple(s for s in out if "elsewhere" not in s.args or (s.kind, s.path) not in plain)


def _targets_in(rule: Rule, view: View, line: tuple[Command, ...], index: int,
                place: _Place, late: bool = False) -> tuple[Snap, ...]:
    cmd = view.cmd
    program = view.program
    try:
        if rule.effects:
            return _emptied(rule, view, place)
        if cmd.via and cmd.via[-1].startswith(("find -exec", "find -ok")):
            return _find_parent(cmd, line[:index], place)
        if "xargs" in cmd.via:  # only `find ... | xargs rm`: the items are find's listing
            if cmd.via[-1] != "xargs":
                raise _Unknown("xargs")
            return _xargs_find(cmd, line[:index], place)
        if program == "sqlite3" and rule.domain == "sql":
            if late:  # what ran before may have made the name a link (`ln -s ~/app.db t.db`)
                raise _Unknown("sqlite3 after other commands")
            return _sqlite_db(view, place)
        if program in ("rm", "unlink"):  # not shred: it overwrites the data a link would keep
            # taken late, an exempt name (`node_modules`) is saved too: what ran before may
            # have moved anything into it
            return _each_tree(view.args.positionals, place, rule,
                              (ANYWHERE,) if late else _moved(cmd))
        if program == "find":
            return _find(cmd, place, line[:index])
        if program == "rsync":
            return _rsync(view, place)
        if program in ("truncate",):
            return _each_copy(view.args.positionals, place)
        if program == "dd":
            return _each_copy([Word(w.text[3:], w.literal, w.span, w.raw[3:])
                               for w in cmd.words[1:] if w.text.startswith("of=")], place)
        if program == "git":
            # before a ref is set: a new repository, or a commit (whose commit stays in the
            # branch's reflog) changes no ref the snapshot records later than the line's start
            ref_only = _git_subcommand(cmd) == "update-ref"
            if not all((ref_only and _git_subcommand(c) in ("init", "add", "commit")) or
                       _git_before_ok(c, place) for c in line[:index] if c.program == "git"):
                return ()
            found = _git(cmd, place, view.ctx.getenv)
            if not all(_reader(c) for c in line[:index]) or _configured(cmd, view.ctx.getenv):
                # an ignore rule written earlier in the line (`echo '*.tex' >> .gitignore`,
                # `git restore .gitignore`) changes what `git clean` removes: the widest
                # selection, every untracked file, ignored or not
                found = tuple(Snap(s.kind, s.path, ("x" + ("d" if "d" in s.args[0] else ""),
                                                    *s.args[1:]))
                              if s.kind == "untracked" else s for s in found)
            return found
    except _Unknown:
        return ()
    return ()


def mark(finding: Finding, rule: Rule, view: View, line: tuple[Command, ...], index: int,
         text: str) -> Finding:
    """The finding with its recovery plan, when its rule opts in and a plan can be made.
    `text`: the whole command line (whether it runs commands at the same time)."""
    if not rule.recoverable:
        return finding
    if finding.decision == Decision.ALLOW:  # FS050: a copy kept of what an allowed write replaces
        plan = overwritten(rule, view, line, index)
    elif finding.decision == Decision.CONFIRM:
        alongside = _concurrent(view.cmd, text)
        concurrent = alongside
        if concurrent and not (BACKGROUND.search(text) or ASYNC.search(text)):
            after = _pipeline_after(line, index, text)
            concurrent = concurrent if after is None else after
        plan = targets(rule, view, line, index, concurrent)
        if not plan and not alongside and _late_possible(view.cmd, line, text):
            # something earlier may wait or move data into a target: bash takes the snapshot
            # when it reaches the command (the line rewrite, engine/snapline.py)
            plan = targets(rule, view, line, index, (), late=True)
            if plan:
                return finding._replace(recovery=plan, at="deletion")
    else:
        return finding
    return finding._replace(recovery=plan) if plan else finding


# a function defined under a name the line rewrite's call relies on (`command() {`, `function
# exit {`, `/usr/bin/python3() {`)
RESERVED_FUNCTION = later(
    r"(?:^|[;&|(){}\s])(?:function\s+)?(?:command|builtin|exit|[^\s;&|(){}<>'\"]*/"
    r"[^\s;&|(){}<>'\"]*)\s*\(\s*\)|\bfunction\s+(?:command|builtin|exit|[^\s;&|(){}<>]*/)")


def _late_possible(cmd: Command, line: tuple[Command, ...], text: str) -> bool:
    """Whether the wrapper may hand bash this command wrapped in a snapshot of its own
    (engine/snapline.py): its offsets are its own and nothing in the line can change what the
    call means."""
    from agentsh.engine import snapline

    return snapline.wrappable(cmd, text) and snapline.line_safe(line) and \
        not RESERVED_FUNCTION.search(text) and "PS4" not in text


# commands beside which a single file's delete may be kept as a hard link (FS053): none of
# them writes a file in place or makes a second name for one
LINK_SAFE = frozenset(("rm", "unlink", "cd", "echo", "printf", "true", ":", "ls", "pwd"))


def overwritten(rule: Rule, view: View, line: tuple[Command, ...], index: int
                ) -> tuple[Snap, ...]:
    """An allowed rule on file effects (FS050, an overwrite): a copy of each file its command
    writes over, where the dataflow pass resolved it, the rule's exemptions and "existed
    before" applied as they were for the match (`matcher.effect_hits`). Nothing asks on these
    findings, so the plan is kept where it can be and a write it cannot pin down is left out
    (run as before, with no copy): a path known only at run time, `..` in it, the system's
    files, a command run elsewhere (ssh, a container) or as another user. Earlier commands in
    the line are not required to be quiet: a copy of what exists before the line is all a
    snapshot can hold, and without it the write ran with none. The gate copies only what
    exists then and is a regular file (docs/undo.md, "Overwrites")."""
    if not rule.effects or rule.empties or rule.severity == Severity.CRITICAL:
        return ()
    cmd = view.cmd
    if not _local(cmd) or any(_as_other_user(c) for c in line if _wraps(c, cmd)):
        return ()
    from agentsh.engine.matcher import effect_hits

    place = _Place("", view.ctx.getenv("HOME"))
    resolvers = dict(view.effects)
    out = []
    for effect, path, _, real in effect_hits(rule, view):
        if ".." in effect.text.split("/"):
            # `build/../notes.txt`: where it lands once links are resolved, when the file view
            # knows (live); judged from text alone a link may make it land anywhere: no copy
            if real is None or not real.startswith("/"):
                continue
            path = real
        if effect.kind == "tree" and effect.detail in ("tar -x", "unzip", "jar x") and \
                effect.origin and path.startswith("/"):
            # an archive extracted over a folder: the gate lists its members (FS051)
            try:
                where = place.check(posixpath.normpath(path), top_ok=True)
            except _Unknown:
                continue
            out.append(Snap("archive", where, (effect.detail.split()[0], effect.origin)))
            continue
        if effect.kind == "tree" and effect.detail in ("cp", "rsync") and \
                effect.origin.startswith("/") and path.startswith("/"):
            # a folder copied over another (`cp -r src/. dst/`, `rsync -a src/ dst/`): the gate
            # lists the source and copies each file of the destination it would replace (FS052)
            try:
                where = place.check(posixpath.normpath(path), top_ok=True)
            except _Unknown:
                continue
            out.append(Snap("overlay", where, (posixpath.normpath(effect.origin),)))
            continue
        if effect.kind == "delete" and not effect.recursive and path.startswith("/"):
            # a file's last name taken away (FS053): saved as a tree, which the gate keeps as a
            # hard link where it can (a glob: each name it matches, listed when it is taken);
            # "if-there": what is not there then is not saved (`rm -f *.tmp` matching nothing)
            try:
                where, glob = place.path(Word(path, True, (0, 0), path))
            except _Unknown:
                continue
            # "copy": the line runs more than deletes and `cd`, which may write the file in
            # place or give it a second name first (`python3 -c 'open(F, "r+")...' && rm F`,
            # `ln F build/n && rm F && : > build/n`): a hard link would hold what they left
            # (red-team s30 review)
            alone = all(c.words and c.words[0].literal and c.words[0].text in LINK_SAFE
                        for c in line)
            out.append(Snap("tree", where, (("glob",) if glob else ()) + ("if-there",) +
                            (() if alone else ("copy",))))
            continue
        if effect.kind not in ("write", "link") or not path.startswith("/"):
            continue
        listing = next((w.raw for w in cmd.words if w.text == effect.text and w.literal and
                        w.raw.startswith("$(")), "") if "/**/" in path else ""
        if listing:
            # `sed -i ... $(git ls-files '*.py')` (engine/listings.py): the files git lists,
            # listed by the gate when it takes the snapshot; never left out (a copy of the
            # pattern would be one folder level): where the listing may differ at run time,
            # a plan the gate refuses, so a person decides
            out.append(_listed(cmd, listing, line[:index], place))
            continue
        if any(c in path for c in "*?[") and cmd.via and \
                cmd.via[-1].startswith(("find -exec", "find -ok")):
            # `find . -name x -exec cp a {} \;`: each file the find selects, listed by the gate
            # when it takes the snapshot (and copied where it is a regular file)
            start = next((r.state.project for r in view.resolvers), "") or ""
            try:
                out += _found(cmd, line[:index], _Place(view.ctx.cwd or "",
                                                        view.ctx.getenv("HOME"), start))
            except _Unknown:
                pass
            continue
        if any(c in path for c in "*?[") and cmd.via and cmd.via[-1] == "xargs":
            # `find . -name x | xargs -I{} cp a {}`: each file the find lists, as for -exec
            start = next((r.state.project for r in view.resolvers), "") or ""
            try:
                out += _xargs_found(cmd, line[:index], _Place(view.ctx.cwd or "",
                                                             view.ctx.getenv("HOME"), start))
            except _Unknown:
                pass
            continue
        if effect.detail.startswith("git ") and effect.tracked:
            continue  # git's own discards (GIT009, GIT010, GIT020) save git's state
        # what the line moved there first is lost too: a copy of it where it is before the
        # line (`mv notes.txt x.log && echo x > x.log`: notes.txt, which the copy restores)
        source = resolvers[effect].source(real or path) if effect in resolvers else ""
        for where in (path, source):
            if not where.startswith("/"):
                continue
            try:
                # a link replaces the name (`ln -sf a f`): a copy only where a file is there
                args = ("overwrite", "replace") if effect.kind == "link" and where == path \
                    else ("overwrite",)
                out.append(Snap("copy", place.check(posixpath.normpath(where), copy=True),
                                args))
            except _Unknown:
                continue
    return tuple(dict.fromkeys(out))


ANYWHERE = "*"
BACKGROUND = later(r"(?<![&>|])&(?![&>])")  # `cmd &`, not `&&`, `>&2`, `&>`
ASYNC = later(r"[<>]\(|\bcoproc\b")  # process substitutions and coprocesses run alongside
# `rm x | tee`, `rm x 2>&1 | tee`, `rm x &` (redirections such as `2>&1` are not separators)
PIPED_AFTER = later(r"(?:[^;&|\n]|[<>]&|&>)*?(?<!\|)\|(?!\|)|\s*&(?![&>])")


def _concurrent(cmd: Command, text: str) -> bool:
    """Whether something in the text may run while `cmd` does: any job sent to the background
    (`a & b`: whichever list holds it), a process substitution or coprocess anywhere, or a
    pipeline it is part of. A pipe later in an `&&` list
    (`rm -rf x && make | tee log`) starts after it ends. For a command inside other code
    (`bash -c '...'`), whose span is the outer command's, any `|` or `&` in the text counts."""
    if cmd.via or cmd.depth or not cmd.span or cmd.span[1] <= cmd.span[0] or \
            cmd.scope and CONCURRENT.search(text):  # `(rm -rf x; echo) | (mv ~/t x)`
        return bool(CONCURRENT.search(text))
    start, end = cmd.span
    return bool(BACKGROUND.search(text) or ASYNC.search(text) or
                re.search(r"(?<!\|)\|\s*$", text[:start]) or PIPED_AFTER.match(text, end))


PIPE_GAP = later(r"\s*\|&?\s*")


def _pipeline_after(line: tuple[Command, ...], index: int, text: str) -> tuple[int, ...] | None:
    """With no job in the background, what runs alongside a command in a pipeline is the rest
    of that pipeline: the indices of the commands after it in it (commands found inside one of
    them share its span); what follows the pipeline (`find . | xargs rm && make`) runs after it
    ends. None when the text does not say plainly where the pipeline ends."""
    start, end = line[index].span or (0, 0)
    scope = line[index].scope or ()
    if end <= start or len(scope) > 1 or scope and any(
            c.scope and c.scope[0] == scope[0] and c.span != line[index].span for c in line):
        return None  # inside a group or subshell that is itself in the pipeline
    out = []
    for i in range(index + 1, len(line)):
        span = line[i].span
        if not span:
            return None
        if span[0] < end:
            out.append(i)
            end = max(end, span[1])
        elif not line[i].via and not line[i].depth and PIPE_GAP.fullmatch(text, end, span[0]):
            out.append(i)
            end = span[1]
        elif "|" in text[end:span[0]].replace("||", ""):
            return None  # `(a; b) | c`, a pipe this reading does not follow
        else:
            break
    return tuple(out)


def plan(verdict: Verdict) -> tuple[Snap, ...]:
    """Everything to save so that the whole command line can run without a person: the plans
    of its findings, when every finding that asks has one; () otherwise."""
    kept = [s for f in verdict.findings if f.decision == Decision.ALLOW for s in f.recovery]
    if verdict.decision == Decision.ALLOW:  # overwrites an allowed line makes (FS050)
        return tuple(dict.fromkeys(kept))
    if verdict.decision != Decision.CONFIRM:
        return ()
    asking = [f for f in verdict.findings if f.decision != Decision.ALLOW]
    if not asking or any(not f.recovery or f.decision != Decision.CONFIRM for f in asking):
        return ()
    out = [s for f in asking for s in f.recovery]
    copied = {s.path for s in out if s.kind == "copy"}
    return tuple(dict.fromkeys(out + [s for s in kept if s.path not in copied]))


def after_snapshot(verdict: Verdict) -> Verdict:
    """The verdict once the snapshot of `plan(verdict)` is taken: its recoverable findings no
    longer ask. Unchanged when there is no plan."""
    if not plan(verdict):
        return verdict
    findings = tuple(f._replace(decision=Decision.ALLOW) if f.recovery else f
                     for f in verdict.findings)
    decision = max((f.decision for f in findings), default=Decision.ALLOW)
    return verdict._replace(findings=findings, decision=decision)


def late(verdict: Verdict) -> tuple[Finding, ...]:
    """The asking findings whose snapshot is taken by bash when it reaches their command (the
    line rewrite), when the line can run without a person that way."""
    if verdict.decision != Decision.CONFIRM or not plan(verdict):
        return ()
    return tuple(f for f in verdict.findings if f.at and f.recovery and
                 f.decision == Decision.CONFIRM)


def settle_late(verdict: Verdict) -> Verdict:
    """The verdict the gate meets before the line runs, once bash takes the late snapshots:
    those findings no longer ask (their plans are carried out by the rewritten line)."""
    findings = tuple(f._replace(decision=Decision.ALLOW, recovery=()) if f.at and f.recovery
                     and f.decision == Decision.CONFIRM else f for f in verdict.findings)
    decision = max((f.decision for f in findings), default=Decision.ALLOW)
    return verdict._replace(findings=findings, decision=decision)


def without_late(verdict: Verdict) -> Verdict:
    """The verdict where the line cannot be rewritten (an agent's hook that cannot change the
    command, a text the rewrite refuses): late plans are no plans, and a person decides."""
    if not any(f.at for f in verdict.findings):
        return verdict
    return verdict._replace(findings=tuple(f._replace(recovery=(), at="") if f.at else f
                                           for f in verdict.findings))


def without_plans(verdict: Verdict) -> Verdict:
    """The verdict where no snapshot can be taken (snapshots off, protected mode): the rules'
    own decisions, as the gate will meet them."""
    if not any(f.recovery for f in verdict.findings):
        return verdict
    return verdict._replace(findings=tuple(f._replace(recovery=()) for f in verdict.findings))


def describe(snap: Snap) -> str:
    """What a plan item saves, for a person."""
    if snap.kind == "tree":
        where = " (where the line started, should the `cd` not happen)" \
            if "elsewhere" in snap.args else ""
        return (f"{snap.path} (matching names)" if "glob" in snap.args else snap.path) + where
    if snap.kind == "copy":
        return f"a copy of {snap.path}"
    if snap.kind == "archive":
        return f"a copy of each file in {snap.path} that {snap.args[1]} would replace"
    if snap.kind == "overlay":
        return f"a copy of each file in {snap.path} that a file of {snap.args[0]} would replace"
    if snap.kind == "find":
        return f"what `find {' '.join(snap.args)}` selects in {snap.path}"
    if snap.kind == "found":
        return f"a copy of each file `find {' '.join(snap.args)}` selects in {snap.path}"
    if snap.kind == "gitls":
        return f"a copy of each file `git ls-files {' '.join(snap.args[1:])}` lists in {snap.path}"
    if snap.kind == "xargs":
        return f"what `find {' '.join(snap.args[1:])}` lists in {snap.path} (for xargs)"
    if snap.kind == "untracked":
        paths = f" under {' '.join(snap.args[1:])}" if snap.args[1:] else ""
        return f"the untracked files of the repository at {snap.path}{paths}"
    if snap.kind == "git" and snap.args[0] == "stash":
        which = "every stash entry" if snap.args[1] == "clear" else snap.args[2]
        return f"{which} of the repository at {snap.path}"
    if snap.kind == "git" and snap.args[0] == "ref":
        return f"where {snap.args[1]} points in the repository at {snap.path}"
    paths = f" in {' '.join(snap.args[3])}" if snap.kind == "git" and snap.args[3] else ""
    return f"the uncommitted changes of the repository at {snap.path}{paths}"


# ------------------------------------------------------------------ where commands run


class _Unknown(Exception):
    """A target the engine cannot pin down: no plan for this command."""


class _Place:
    """Resolving a command's words to absolute paths: its directory and the home directory."""

    def __init__(self, cwd: str, home: str, start: str = "") -> None:
        # the command's own directory, from the dataflow pass: "" when it is only known at run
        # time (a `cd` in a branch, one that may fail, `sudo -D "$d"`)
        self.cwd = cwd if cwd.startswith("/") else ""
        self.home = home.rstrip("/") if home.startswith("/") and home != "/" else ""
        # where the line started, when the command runs elsewhere (after a `cd`)
        self.start = start if start.startswith("/") and start != self.cwd else ""

    def path(self, word: Word, *, glob_ok: bool = True, top_ok: bool = False
             ) -> tuple[str, bool]:
        """(absolute path, whether it is a glob pattern); raises _Unknown. `top_ok`: a top-level
        directory may be named (a start point whose listed selection alone is saved)."""
        text = word.text
        if not word.literal or not text or "{" in text or "\x00" in text:
            raise _Unknown(text)
        # A pattern is matched by the gate as a superset of what bash matches (hidden names,
        # any case, and the literal name too, since quoting is not always known here); what
        # it cannot widen (globstar `**`, extglob) is not guessed.
        glob = bool(GLOB.search(text))
        if glob and (not glob_ok or "**" in text or not _understood(text)):
            raise _Unknown(text)
        if text == "~" or text.startswith("~/"):
            if not self.home:
                raise _Unknown(text)
            text = self.home + text[1:]
        elif text.startswith("~"):
            raise _Unknown(text)
        if not text.startswith("/"):
            if not self.cwd:
                raise _Unknown(text)
            text = posixpath.join(self.cwd, text)
        if ".." in text.split("/"):
            raise _Unknown(text)  # the kernel resolves `..` after symlinks: not guessed here
        return self.check(posixpath.normpath(text), top_ok=top_ok), glob

    def check(self, path: str, copy: bool = False, top_ok: bool = False) -> str:
        """An absolute, normalised path a snapshot may stand in for (`copy`: a copy of one
        file, which may be an application's configuration; `top_ok`: a top-level directory
        such as `/testbed` or `/app`, as the start of a selection whose listed files alone are
        saved); raises _Unknown."""
        if path.startswith("//"):
            path = path[1:]
        top = path.count("/") < 2 and not (top_ok and path not in ("/", "") and
                                           path not in NEVER)
        if path == self.home or top or path.startswith(tuple(n + "/" for n in NEVER)):
            raise _Unknown(path)  # the root, a top-level directory, home: never snapshot
        if not own_space(path) and not (copy and app_config(path)):
            raise _Unknown(path)  # the system's files: a person decides
        parts = path.split("/")
        if self.home and parts[1] in HOMES and len(parts) > 2 and \
                not (path + "/").startswith(self.home + "/"):
            raise _Unknown(path)  # another user's home (the gate also checks whose files)
        return path

    def repository(self, path: str) -> str:
        """A repository whose discarded work a snapshot records (in git's own store, so a
        top-level `/testbed` or a dotfiles repository at home is fine); raises _Unknown."""
        if path.startswith("//"):
            path = path[1:]
        parts = path.split("/")
        if path == "/" or not own_space(path) or (
                self.home and parts[1] in HOMES and len(parts) > 2
                and not (path + "/").startswith(self.home + "/")):
            raise _Unknown(path)
        return path


def app_config(path: str) -> bool:
    """A file (absolute, normalised) inside an application's configuration (APP_CONFIG)."""
    return path.startswith(tuple(d + "/" for d in APP_CONFIG)) and "/../" not in path


def _understood(pattern: str) -> bool:
    """Every component of a glob translates exactly (bash's bracket grammar: `[!x]`, `[^x]`,
    classes, escapes); no extglob group (`@(...)`, `!(...)`: on or off is not known here)."""
    from agentsh.engine import globs

    if "(" in pattern or "|" in pattern:
        return False
    try:
        for part in pattern.split("/"):
            globs.component_regex(part)
    except globs.Unsupported:
        return False
    return True


def _local(cmd: Command) -> bool:
    """Run here: not over ssh, in a container, another root or namespace."""
    return all(v.startswith(LOCAL_VIA) for v in cmd.via)


def _as_other_user(wrapper: Command) -> bool:
    """`sudo -u dev ...`: the command runs as another user, on files that are not the user's."""
    options = OTHER_USER.get(wrapper.program, ())
    return bool(options) and any(w.text.split("=", 1)[0] in options or (
        w.text.startswith("-u") and not w.text.startswith("--")) for w in wrapper.words[1:])


def _quiet(cmd: Command) -> bool:
    """Cannot move or link data into another path (see QUIET)."""
    if not cmd.words or not cmd.words[0].literal or cmd.program not in QUIET:
        return False
    if cmd.program == "git":
        sub = _git_subcommand(cmd)
        if sub == "worktree":  # only `worktree move` moves a tree (`add` checks out, `prune`
            return _git_subcommand_word(cmd, 1) not in ("move", "mv", "")  # tidies notes)
        return sub not in GIT_MOVERS
    return True


def _guess_of_fine(cmd: Command, others: tuple[Command, ...], fine) -> bool:
    """A command only guessed from another's arguments (`install --repo-update` in `pod install
    --repo-update`: unwrap's "argument of pod"), where that program is itself fine before the
    deletion (a blind writer runs code agentsh never sees anyway): the guess adds nothing."""
    from agentsh.engine.unwrap import ARGUMENT

    if not cmd.via or not cmd.via[-1].startswith(ARGUMENT) or not cmd.span or \
            cmd.program in GUESSED_MOVERS:
        return False  # `cmake -E rename ~/thesis x`: a guess that moves data in still counts
    outer = cmd.via[-1][len(ARGUMENT):]
    return any(o is not cmd and o.program == outer and o.via == cmd.via[:-1] and o.span and
               o.span[0] <= cmd.span[0] and cmd.span[1] <= o.span[1] and fine(o)
               for o in others)


def _writes_nothing(cmd: Command, view: View) -> bool:
    """A program the policy says writes no file (`[analyzer.effects] none`: `lsof`, `kill`,
    `zcat`, `pg_isready`): it cannot move or link data into a target either. Not one that
    waits (`sleep`, `wait`, `ping`): it widens the window for a job started earlier."""
    if not cmd.words or not cmd.words[0].literal or "/" in cmd.name or cmd.program in WAITERS:
        return False
    return cmd.program in view.policy.analyzer("effects").get("none", ())


def _blind(cmd: Command, view: View) -> bool:
    """A build tool or package manager that runs only code agentsh never reads (the dataflow
    pass's blind writers, `[analyzer.effects] blind`): whatever it may move into a target, it
    could as well destroy where it is, unseen, so it does not stand in the way of a plan."""
    from agentsh.engine import dataflow

    files = getattr(cmd.flow, "files", None)
    if files is None or cmd.program == "git":
        return False  # git runs no unseen code: what it moves in (`stash pop`) is data
    config = dataflow.Config(view.policy.analyzer("effects"), wrapper=view.policy.wrapper)
    if dataflow.blind_writer(cmd, files, config):
        return True
    # a program with plain words judged from text alone (`dataflow.unseen_quiet`): as blind,
    # unless a place it names may hold or lead to the target (`tool ~/thesis build && rm -rf
    # build`: it may have moved data in): a word that is absolute, `~`, `.` or `..`, or that
    # shares a path component with a word of the finding's command
    named = dataflow.unseen_quiet(cmd, files, config)
    if named is None:
        return False
    mine = {part for word in named for part in word.split("/") if part}
    if any(w.startswith(("/", "~")) or w in (".", "..") or ".." in w.split("/") for w in named):
        return False
    theirs = {part for w in view.cmd.words[1:] for part in w.text.split("/") if part}
    return not mine & theirs


def _quiet_python(cmd: Command, view: View) -> bool:
    """Python code agentsh can read that cannot move data into a target (see PYTHON_MOVERS)."""
    if not cmd.words or not all(w.literal for w in cmd.words) or \
            not PYTHON.match(cmd.program or "") or len(cmd.words) < 2 or cmd.via:
        return False
    first = cmd.argv[1]
    if first == "-c" and len(cmd.argv) > 2:
        code = cmd.argv[2]
    elif first == "-":
        code = cmd.stdin.text if cmd.stdin is not None and cmd.stdin.kind != "pipe" else None
    elif not first.startswith("-"):
        from agentsh.engine import dataflow

        reader = dataflow.context_for(view.ctx, cmd).read_file
        code = reader(first) if callable(reader) else None
    else:
        return False
    return bool(code) and _python_moves_nothing(code)


def _python_moves_nothing(code: str) -> bool:
    import ast

    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if not node.level else [""]
        else:
            names = []
        if any(n.split(".")[0] not in QUIET_PYTHON_MODULES for n in names):
            return False
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else \
                func.id if isinstance(func, ast.Name) else None
            if name is None or name in PYTHON_MOVERS:
                return False
            if name == "replace" and len(node.args) + len(node.keywords) < 2:
                return False  # Path.replace(target), os.replace is two arguments too
            if name == "replace" and isinstance(func, ast.Attribute) and \
                    isinstance(func.value, ast.Name) and func.value.id == "os":
                return False
        elif isinstance(node, ast.Name) and node.id in ("__builtins__", "globals", "vars"):
            return False
    return True


def _reader(cmd: Command) -> bool:
    """Changes no file's content or metadata (see READERS): a bare assignment, or a reading
    program with no redirection that writes a file (`> /dev/null` and `2>&1` are fine)."""
    for r in cmd.redirects:
        if ">" in r.op and not r.op.endswith("&") and r.target.text not in (
                "/dev/null", "/dev/stdout", "/dev/stderr") and not r.target.text.isdigit():
            return False
    if not cmd.words:
        return True
    if cmd.program == "git":  # `git status && git clean -fd`
        return cmd.words[0].literal and _git_subcommand(cmd) in GIT_READS - {"config"}
    return cmd.words[0].literal and cmd.program in READERS


def _wraps(outer: Command, cmd: Command) -> bool:
    """`outer` is one of the wrappers `cmd` was found inside (`npx` of `npx rimraf src`)."""
    return outer.span == cmd.span and len(outer.via) < len(cmd.via) and \
        cmd.via[: len(outer.via)] == outer.via


def _git_before_ok(cmd: Command, place: _Place) -> bool:
    """A git command earlier in the line leaves the state a snapshot records as it was, or only
    discards work it has a plan of its own for (`git restore . && git clean -fd`); not `git
    stash` (the entry a later `stash drop` drops), `git commit`, a branch switch."""
    sub = _git_subcommand(cmd)
    if sub in GIT_READS:
        return True
    if sub not in GIT_DISCARDS or (sub == "checkout" and "--" not in cmd.argv):
        return False
    try:
        return bool(_git(cmd, place))
    except _Unknown:
        return False


def _git_subcommand(cmd: Command) -> str:
    return _git_subcommand_word(cmd, 0)


def _git_subcommand_word(cmd: Command, n: int) -> str:
    """The subcommand (n=0), or the n-th word after it; "" when there is none."""
    words = [w.text for w in cmd.words[1:]]
    i = 0
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in ("-C", "-c", "--git-dir", "--work-tree", "--namespace") else 1
    return words[i + n] if i + n < len(words) else ""


def _path_or_none(place: _Place, word: Word) -> str:
    try:
        return place.path(word)[0]
    except _Unknown:
        return "/"  # not known: it may hold anything moved anywhere


def _flags(word: Word) -> tuple[str, ...]:
    return ("follow",) if word.text.endswith("/") else ()


# ------------------------------------------------------------------ programs


def _moved(cmd: Command) -> tuple[str, ...]:
    """The places something was moved into before `cmd` (`Files.moved`: earlier in the line or,
    through `Context.moved`, by earlier commands of the session)."""
    flow = getattr(cmd, "flow", None)
    return tuple(getattr(getattr(flow, "files", None), "moved", ()) or ())


def _holds_moved(path: str, moved: tuple[str, ...]) -> bool:
    from agentsh.engine.pathmatch import meets_moved

    return "*" in moved or meets_moved(path, moved)


def _each_tree(words, place: _Place, rule: Rule, moved: tuple[str, ...] = ()
               ) -> tuple[Snap, ...]:
    """`rm -r A B...`: each operand, as a tree; regenerable output the rule exempts is left out,
    unless something was moved into it (`moved`): then it is saved like any other."""
    from agentsh.engine.matcher import path_glob
    from agentsh.engine.options import normalize_path

    out = []
    for word in words:
        if word.literal and rule.targets_exempt and ".." not in word.text.split("/") and any(
                path_glob(normalize_path(word.text), p) for p in rule.targets_exempt) and \
                not (moved and _holds_moved(_path_or_none(place, word), moved)):
            continue
        path, glob = place.path(word)
        out.append(Snap("tree", path, (("glob",) if glob else ()) + _flags(word)))
        if place.start and not word.text.startswith(("/", "~")):
            # the pass says the line moved (`cd X;`); if that `cd` did not happen as the pass
            # believes, rm deletes the operand where the line started: saved too
            there = _Place(place.start, place.home).path(word)[0]
            out.append(Snap("tree", there, (("glob",) if glob else ()) + _flags(word)
                            + ("elsewhere",)))
    return tuple(dict.fromkeys(out))


def _emptied(rule: Rule, view: View, place: _Place) -> tuple[Snap, ...]:
    """A rule on file effects (FS020): a copy of every file the command's effects of the rule's
    kinds reach, as the dataflow pass resolved them, those it only may reach too (`cp /dev/null
    f` writes f/null when f is a folder). Only plain writes: a link made over the file (`ln -sf
    /dev/null f`), a path known only at run time or a command whose directory has several
    candidates leave no plan."""
    if len(view.resolvers) != 1:
        raise _Unknown("several directories")
    out = []
    for effect, _ in view.effects:
        if effect.kind not in rule.effects or (rule.empties and not effect.empties):
            continue
        if effect.kind != "write" or not effect.path or ".." in effect.text.split("/"):
            raise _Unknown(effect.text)
        out.append(Snap("copy", place.check(effect.path, copy=True)))
    if not out:
        raise _Unknown("no effect")
    return tuple(dict.fromkeys(out))


# What may reach past the database file sqlite3 opens, or run code: another database
# (`ATTACH`, `.open`), files written (`.output`, `.once`, `.save`, `.backup`, `VACUUM INTO`,
# `writefile()`), statements read from elsewhere (`.read`, `.import`), commands or code run
# (`.shell`, `.system`, `.load`, `load_extension()`), a dot-command of any kind
# `VACUUM main INTO`, `VACUUM/**/INTO`: any INTO after a VACUUM; a virtual table (`zipfile`
# writes a zip file anywhere) and the file functions
SQLITE_BEYOND = later(r"(?i)\battach\b|\bvacuum\b[\s\S]*\binto\b|\bload_extension\b|"
                      r"\bwritefile\b|\breadfile\b|\bedit\s*\(|\bvirtual\b|\bzipfile\b|"
                      r"\bfsdir\b|\bsqlar\w*|(?:^|[;\n])\s*\.")
# the options sqlite3 may take for a plan, in either spelling (`-bail`, `--bail`); any other
# (`--init F`, `-cmd`, `-vfs`, `-zip`, `-A`, `-deserialize`, one unknown here) leaves none
SQLITE_PLAIN_OPTIONS = frozenset((
    "-bail", "-batch", "-header", "-noheader", "-csv", "-json", "-line", "-list", "-box",
    "-table", "-markdown", "-column", "-html", "-quote", "-tabs", "-ascii", "-echo", "-stats",
    "-readonly", "-safe", "-nofollow", "-separator", "-newline", "-nullvalue"))
# a database file named for tests or scratch work (`test.db`, `app_test.sqlite3`, `scratch.db`)
SQLITE_DISPOSABLE = later(r"(?i)(?:^|[_.-])(?:test|tests|testing|spec|scratch|tmp|temp|e2e)"
                          r"(?:[_.-]|$)")


def _sqlite_db(view, place: _Place) -> tuple[Snap, ...]:
    """`sqlite3 FILE 'SQL'`: every statement's effect is the database file (and its journal or
    write-ahead log), so a copy of each is the whole undo. Only for a plain path and literal SQL
    that reaches nothing else (`SQLITE_BEYOND`); statements from standard input or a file, a
    URI, `:memory:`, `-cmd`/`-init`/`-vfs` leave no plan (a person decides, as before)."""
    args = view.args
    if any("-" + name.lstrip("-") not in SQLITE_PLAIN_OPTIONS or name.startswith("---")
           for name, _ in args.options) or view.cmd.stdin or any(
            r.op in ("<", "<<", "<<<", "<&") for r in view.cmd.redirects):
        raise _Unknown("sqlite3 reads more than its arguments")
    positionals = args.positionals
    if len(positionals) < 2 or not all(w.literal for w in positionals):
        raise _Unknown("no literal SQL")
    db = positionals[0]
    if db.text.startswith(("file:", ":")) or "?" in db.text or SQLITE_BEYOND.search(
            "\n".join(w.text for w in positionals[1:])):
        raise _Unknown("sqlite3 may reach past its file")
    path, _ = place.path(db, glob_ok=False)
    # scratch space as written (`/tmp/check.db`; not a relative name where the line happens to
    # run in /tmp, nor a home that lies under /tmp)
    scratch = any(db.text.startswith(top + "/") for top in SCRATCH) and not (
        place.home and path.startswith(place.home + "/"))
    if not scratch:
        if not SQLITE_DISPOSABLE.search(posixpath.basename(path)):
            # `app.db`, `db/development.sqlite3`: a person's data, asked about as before
            # (precision sets 1, 2 and 7 label their deletes should-ask); a test database is
            # made again by the next test run, and asking about it is noise (sets 5 and 6)
            raise _Unknown("not a test or scratch database")
        # under the folder the command runs in and the one the line started in: a project's
        # own database; an application's data elsewhere (`~/.local/share/app/app.db`), or one
        # reached by `cd ~/app &&` (`pushd`, `env -C`, a subshell), is a person's
        for top in (place.cwd, place.start):
            if top is place.start and not top:
                continue
            if not top or top.count("/") < 2 or top == place.home or \
                    not path.startswith(top.rstrip("/") + "/"):
                raise _Unknown("a database outside the working folder")
    # "nolink": the gate refuses the copy where a link is on the way (`tmp/test.db ->
    # ~/app.db`): the file opened would be somewhere these tests did not look (take._expand)
    return tuple(Snap("copy", place.check(p, copy=True), ("nolink",)) for p in
                 (path, path + "-journal", path + "-wal", path + "-shm"))


def _each_copy(words, place: _Place) -> tuple[Snap, ...]:
    """Files written in place (`truncate`, `dd of=`): a copy of each."""
    out = []
    for word in words:
        path, _ = place.path(word, glob_ok=False)
        out.append(Snap("copy", path))
    return tuple(out)


def _listed(cmd: Command, raw: str, before: tuple[Command, ...], place: _Place) -> Snap:
    """The plan for a `$(git ls-files PATHSPEC...)` word (or `git grep -l ... -- PATHSPEC`, a
    subset of the same files): `gitls` in the command's folder with the pathspecs, which the
    gate lists (`git ls-files`) and copies. "unsettled" first when a git command earlier in
    the line may change what git lists (`git add`, `git checkout`), the folder is not one
    known folder, or it is not one a snapshot may stand in for: the gate refuses that plan."""
    from agentsh.engine import listings

    specs = listings.parse(raw) or ()
    where = cmd.cwd or ""
    settled = bool(specs) and where.startswith("/") and all(
        _git_subcommand(c) in GIT_READS for c in before if c.program == "git")
    try:
        where = place.check(posixpath.normpath(where), top_ok=True) if settled else where
    except _Unknown:
        settled = False
    return Snap("gitls", where or "/", (("settled",) if settled else ("unsettled",)) + specs)


def _find_parts(cmd: Command) -> tuple[list[Word], list[Word]] | None:
    """(start points, expression) of a find command; None when it follows symlinks."""
    words = list(cmd.words[1:])
    while words and (words[0].text in FIND_LEADING or words[0].text.startswith("-O")):
        words.pop(0)
    if words and words[0].text in ("-L", "-D"):
        return None
    starts = []
    while words and not words[0].text.startswith("-") and words[0].text not in (
            "(", "!", ")", ",", "\\(", "\\!"):
        starts.append(words.pop(0))
    return starts or [Word(".", True, cmd.span, ".")], words


def _find(cmd: Command, place: _Place, before: tuple[Command, ...] = ()) -> tuple[Snap, ...]:
    """`find ... -delete`: the paths the expression selects, listed when the snapshot is taken;
    each start point as a whole tree when the expression is more than tests and one action."""
    parts = _find_parts(cmd)
    if parts is None:
        raise _Unknown("find -L")
    starts, expr = parts
    listing = _find_listing(expr, "-delete")
    _selection_settled(listing, before, cmd)
    return _find_plan(starts, listing, place)


def _selection_settled(listing: tuple[str, ...] | None, before: tuple[Command, ...],
                       find: Command) -> None:
    """A listed selection that tests metadata (`-newer ref`, `-perm 000`, `-mmin -5`) is what it
    is when the snapshot is taken, before the line runs: an earlier command in the line that may
    change metadata or content (`touch -d 2000-01-01 ref`, `chmod 000 src/*`, `: > f`) makes it
    unknown. Raises _Unknown."""
    if listing is None or not any(t in FIND_METADATA for t in listing):
        return
    if any(not _reader(c) for c in before if c.span != find.span):
        raise _Unknown("metadata changed earlier in the line")


def _found(cmd: Command, before: tuple[Command, ...], place: _Place) -> tuple[Snap, ...]:
    """A write `find -exec` runs on each file it selects (`find . -name x -exec cp a {} ;`):
    the selection listed when the snapshot is taken, each regular file copied (FS050)."""
    if not cmd.via or not cmd.via[-1].startswith(("find -exec", "find -ok")):
        raise _Unknown("not find -exec")
    parent = next((c for c in reversed(before) if c.program == "find" and c.span == cmd.span),
                  None)
    parts = _find_parts(parent) if parent is not None else None
    if parts is None:
        raise _Unknown("find")
    starts, expr = parts
    listing = _find_listing(expr, "-exec", any_program=True)
    _selection_settled(listing, before, parent)
    if listing is None:
        raise _Unknown("find expression")
    (found,) = _find_plan(starts, listing, place)
    if found.kind != "find":
        raise _Unknown("find expression")
    return (Snap("found", found.path, found.args),)


def _xargs_found(cmd: Command, before: tuple[Command, ...], place: _Place) -> tuple[Snap, ...]:
    """A write `xargs -I{}` runs on each item a `find` piped into it lists (`find . -name x |
    xargs -I % cp a %`, read by `wrappers.found_by_producer`): the find's selection listed
    when the snapshot is taken, each regular file copied (FS050), as for `find -exec`."""
    xargs = next((c for c in reversed(before) if c.program == "xargs" and c.span == cmd.span),
                 None)
    if xargs is None or xargs.stdin is None or xargs.stdin.kind != "pipe":
        raise _Unknown("xargs input")
    producer = xargs.stdin.producer
    find = next((c for c in reversed(before) if c.program == "find" and c.argv == producer
                 and not c.via and c.scope[:-1] == xargs.scope[:-1]), None)
    parts = _find_parts(find) if find is not None else None
    if parts is None:
        raise _Unknown("find")
    starts, expr = parts
    listing = _find_listing(expr, "-print")
    _selection_settled(listing, before, find)
    if listing is None:
        raise _Unknown("find expression")
    (found,) = _find_plan(starts, listing, place)
    if found.kind != "find":
        raise _Unknown("find expression")
    return (Snap("found", found.path, found.args),)


def _find_parent(cmd: Command, before: tuple[Command, ...], place: _Place) -> tuple[Snap, ...]:
    """An `rm` run by `find -exec rm ... {}`: what the find selects."""
    if cmd.program not in FIND_RM:
        raise _Unknown(cmd.program)
    parent = next((c for c in reversed(before) if c.program == "find" and c.span == cmd.span),
                  None)
    if parent is None:
        raise _Unknown("find")
    parts = _find_parts(parent)
    if parts is None:
        raise _Unknown("find -L")
    starts, expr = parts
    listing = _find_listing(expr, "-exec")
    _selection_settled(listing, before, parent)
    return _find_plan(starts, listing, place)


# xargs options that change neither what it reads nor how it splits it (`-I` only makes each
# line one item, and the items a plan lists never hold a blank: see take.py)
XARGS_PLAIN = frozenset(("-0", "--null", "-r", "--no-run-if-empty", "-t", "--verbose", "-x",
                         "--exit"))
XARGS_VALUED = frozenset(("-n", "--max-args", "-P", "--max-procs", "-L", "--max-lines", "-I",
                          "-s", "--max-chars"))


def _xargs_find(cmd: Command, before: tuple[Command, ...], place: _Place) -> tuple[Snap, ...]:
    """`find ... | xargs rm`: what the find lists, listed again when the snapshot is taken.
    Only a find that selects by tests alone and prints (`-print`, `-print0`, nothing) piped
    straight into an xargs that reads as it prints (`-0` with `-print0`, blanks otherwise, and
    then the gate refuses a listed name with a blank, a quote or a backslash, which xargs would
    split or unquote into other names); an rm given nothing but its options and the items."""
    if cmd.program not in FIND_RM:
        raise _Unknown(cmd.program)
    xargs = next((c for c in reversed(before) if c.program == "xargs" and c.span == cmd.span),
                 None)
    if xargs is None or xargs.stdin is None or xargs.stdin.kind != "pipe" or \
            any(r.op.startswith("<") and r.fd in (0, None) for r in xargs.redirects):
        raise _Unknown("xargs input")
    null, i, words = False, 1, xargs.words
    while i < len(words) and words[i].text != cmd.words[0].text:
        text = words[i].text
        if not words[i].literal:
            raise _Unknown("xargs option")
        name, eq, _ = text.partition("=")
        if text in XARGS_PLAIN:
            null = null or text in ("-0", "--null")
        elif name in XARGS_VALUED:
            i += 0 if eq else 1
        elif text[:2] in ("-n", "-P", "-L", "-I", "-s") and len(text) > 2:
            pass  # the value attached: -n1, -I{}
        else:
            raise _Unknown("xargs option")
        i += 1
    from agentsh.engine.wrappers import found_by_producer

    # `xargs -I{}` after a find by name: `{}` reads as the find's `START/**/NAME`
    item = found_by_producer(xargs, xargs.words[1:i])
    if any(w.literal and not w.text.startswith("-") and not (item and w.text == item)
           for w in cmd.words[1:]):
        raise _Unknown("rm operand of its own")
    producer = xargs.stdin.producer
    find = next((c for c in reversed(before) if c.program == "find" and c.argv == producer
                 and not c.via and c.scope[:-1] == xargs.scope[:-1]), None)  # pipe elements
    if find is None:
        raise _Unknown("xargs input")
    parts = _find_parts(find)
    if parts is None:
        raise _Unknown("find -L")
    starts, expr = parts
    prints = [w.text for w in expr if w.text in FIND_PRINTS]
    if prints and (len(prints) > 1 or expr[-1].text not in ("-print", "-print0")) or \
            null != (prints == ["-print0"]):
        raise _Unknown("find output")  # -ls, a print before other tests, -print0 to plain xargs
    listing = _find_listing(expr[:-1] if prints else expr, "-print")
    _selection_settled(listing, before, find)
    if listing is None:
        raise _Unknown("find expression")
    # only a selection by name (`-name '*.pyc'`, or alternatives each by name): a pipe of
    # everything find sees into rm (`find . -print0 | xargs -0 rm -rf`) is not a clean-up
    if not all(_by_name(alternative) for alternative in _alternatives(listing)):
        raise _Unknown("find selects more than names")
    if "-o" in listing:  # what `-print0` is appended to must be the whole expression
        listing = ("(", *listing, ")")
    (found,) = _find_plan(starts, listing, place)
    return (Snap("xargs", found.path, ("null" if null else "split", *found.args)),)


def _find_listing(expr: list[Word], action: str, any_program: bool = False
                  ) -> tuple[str, ...] | None:
    """The expression without its delete action, when it is only tests and that one action
    at its end (so that `find START... EXPR -print0` lists exactly what would be deleted);
    `any_program`: the -exec action may run any program (a write on each file found)."""
    out: list[str] = []
    i, seen_action = 0, False
    while i < len(expr):
        word = expr[i]
        text = word.text
        if not word.literal or seen_action:
            return None
        if text in FIND_TESTS:
            if i + 1 >= len(expr) or not expr[i + 1].literal:
                return None
            out += [text, expr[i + 1].text]
            i += 2
            continue
        if text in FIND_FLAGS:
            out.append(text.lstrip("\\"))
        elif text in FIND_PRINTS:
            pass
        elif text in ("-o", "-or") and action == "-print":
            out.append("-o")  # a listing only: the caller puts the whole in parentheses
        elif text == "-delete" and action == "-delete":
            seen_action = True
        elif text in ("-exec", "-execdir", "-ok", "-okdir") and action == "-exec":
            end = i + 1
            while end < len(expr) and expr[end].text not in (";", "+", "\\;"):
                end += 1
            if end >= len(expr) or end == i + 1 or (expr[i + 1].text.rsplit("/", 1)[-1]
                                                     not in FIND_RM and not any_program):
                return None
            seen_action = True
            i = end
        else:
            return None  # -o, -prune, -quit, other actions: the tree is saved whole instead
        i += 1
    return tuple(out) if seen_action or action == "-print" else None


def _find_plan(starts: list[Word], listing: tuple[str, ...] | None,
               place: _Place) -> tuple[Snap, ...]:
    # a listed selection saves the files it lists, so it may start at a top-level directory
    # (`cd /testbed && find . -name '*.pyc' -delete`); a whole tree never may
    top_ok = listing is not None and _by_name(listing)
    paths = [place.path(w, glob_ok=False, top_ok=top_ok)[0] for w in starts]
    if listing is None:
        return tuple(Snap("tree", p) for p in paths)
    # the start points as find will see them (`-path ./build/*` depends on the spelling)
    written = tuple(p if w.text.startswith("~") else w.text for p, w in zip(paths, starts, strict=True))
    return (Snap("find", place.cwd or "/", written + listing),)


NAME_TESTS = frozenset(("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename",
                        "-regex", "-iregex"))


def _by_name(listing: tuple[str, ...]) -> bool:
    """A selection that only ever holds files named by a pattern (`-name '*.pyc'`), every
    test joined by `-and` (no `-o`, `!`, `-not` or parentheses that could widen it), one of them
    a name test that does not match everything."""
    if any(t in ("-o", "-or", "!", "-not", "(", ")", ",") for t in listing):
        return False
    return any(t in NAME_TESTS and i + 1 < len(listing) and listing[i + 1].strip("*/.")
               for i, t in enumerate(listing))


def _alternatives(listing: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The `-o` alternatives of a listing with no parentheses or negation (else the whole,
    which `_by_name` then refuses)."""
    if any(t in ("(", ")", "!", "-not", ",") for t in listing):
        return [listing]
    out, part = [], []
    for t in listing:
        if t in ("-o", "-or"):
            out.append(tuple(part))
            part = []
        else:
            part.append(t)
    return out + [tuple(part)]


def _rsync(view: View, place: _Place) -> tuple[Snap, ...]:
    """`rsync --delete SRC... DEST`: the destination tree (local only); with
    `--remove-source-files` the sources too. In-place writes are not recoverable this way."""
    flags = view.args.flags
    if flags & {"--inplace", "--append", "--append-verify", "--write-devices"}:
        raise _Unknown("rsync --inplace")
    operands = list(view.args.positionals)
    if len(operands) < 2 or any(not w.literal or REMOTE.match(w.text) or "::" in w.text
                                for w in operands):
        raise _Unknown("rsync remote")
    dest = operands[-1]
    where = place.path(dest, glob_ok=False)[0]
    # rsync writes through a destination that is a symlink to a folder (`tl`, `tl/`, `tl/.`):
    # the link and where it leads (the gate resolves it and applies its own checks there)
    out = [Snap("tree", where), Snap("tree", where, ("follow",))]
    if "--remove-source-files" in flags:
        out += [Snap("tree", *_tree_args(place.path(w), w)) for w in operands[:-1]]
    return tuple(out)


def _tree_args(found: tuple[str, bool], word: Word) -> tuple[str, tuple[str, ...]]:
    path, glob = found
    return path, (("glob",) if glob else ()) + _flags(word)


# ------------------------------------------------------------------ git


def _git(cmd: Command, place: _Place, getenv=None) -> tuple[Snap, ...]:
    """git commands that discard work: the repository's state, or its untracked files. Only
    literal pathspecs (see `_literal_pathspecs`)."""
    if any(k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE") for k, _ in cmd.assignments):
        raise _Unknown("GIT_DIR")
    env = dict(cmd.assignments)
    modes = [k for k in PATHSPEC_ENV if env.get(k, getenv(k) if getenv else None) not in
             (None, "", "0", "false")]
    literal = env.get("GIT_LITERAL_PATHSPECS", getenv("GIT_LITERAL_PATHSPECS") if getenv
                      else None) not in (None, "", "0", "false")
    words = list(cmd.words[1:])
    where = place.cwd
    while words and words[0].text.startswith("-"):
        opt = words.pop(0).text
        if opt in PATHSPEC_MODES:
            modes.append(opt)
        elif opt == "--literal-pathspecs":
            literal = True
        if opt == "-C" and words:
            target = words.pop(0)
            if not target.literal:
                raise _Unknown("-C")
            where = target.text if target.text.startswith("/") else (
                posixpath.join(where, target.text) if where else "")
        elif opt == "-c" and words:
            words.pop(0)
        elif opt.split("=", 1)[0] in ("--git-dir", "--work-tree", "--namespace",
                                      "--super-prefix", "--exec-path", "--config-env"):
            raise _Unknown(opt)
    if not where or not words or not all(w.literal for w in words):
        raise _Unknown("git")
    where = place.repository(posixpath.normpath(where))
    sub, rest = words[0].text, [w.text for w in words[1:]]
    if modes:
        raise _Unknown("pathspec mode")  # glob/icase pathspecs: git's own matching, not guessed
    if sub == "clean":
        return _literal_pathspecs(_git_clean(where, rest), literal)
    if sub == "stash" and rest[:1] in (["drop"], ["clear"]):
        refs = [r for r in rest[1:] if not r.startswith("-")]
        return (Snap("git", where, ("stash", rest[0], refs[0] if refs else "stash@{0}")),)
    if sub == "checkout":
        return _literal_pathspecs(_git_checkout(where, rest), literal)
    if sub == "restore":
        return _literal_pathspecs(_git_restore(where, rest), literal)
    if sub == "update-ref":
        return _git_update_ref(where, rest)
    if sub == "reset":
        refs = [r for r in rest if not r.startswith("-")]
        if len(refs) > 1 or not {"--hard", "--merge", "--keep"} & set(rest):
            raise _Unknown("git reset")
        return (Snap("git", where, ("worktree", "reset", (refs[0] if refs else "HEAD",), ())),)
    raise _Unknown(sub)


GIT_CONFIG_ENV = ("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG_GLOBAL",
                  "GIT_CONFIG_SYSTEM", "GIT_CONFIG", "GIT_CONFIG_NOSYSTEM")


def _configured(cmd: Command, getenv) -> bool:
    """The git command reads configuration the gate's listing does not (`git -c
    core.excludesFile=...`, `XDG_CONFIG_HOME=... git`, GIT_CONFIG_* in the environment, which
    the gate's git drops): its ignore rules may differ from the listing's."""
    if cmd.assignments or any(w.text in ("-c", "--config-env") or w.text.startswith(
            "--config-env=") for w in cmd.words[1:]):
        return True
    return any(getenv(k) for k in GIT_CONFIG_ENV)


def _literal_pathspecs(plan: tuple[Snap, ...], literal: bool) -> tuple[Snap, ...]:
    """A plan whose pathspecs git reads as the gate does (the gate lists and restores with
    literal pathspecs): by default git reads `*.py`, `src/f[12]`, `:/`, `:(glob)**`,
    `:(icase)X`, `:!x` as patterns and magic, which select other paths than the same text
    taken literally. Such a pathspec has no plan (unless the command itself is literal:
    `--literal-pathspecs`, `GIT_LITERAL_PATHSPECS=1`). Raises _Unknown."""
    if literal:
        return plan
    for snap in plan:
        paths = snap.args[1:] if snap.kind == "untracked" else \
            snap.args[3] if snap.kind == "git" and snap.args[0] == "worktree" else ()
        if any(p.startswith(":") or "\\" in p or GLOB.search(p) for p in paths):
            raise _Unknown("pathspec")
    return plan


def _git_update_ref(where: str, rest: list[str]) -> tuple[Snap, ...]:
    """`git update-ref [-m MSG] [--create-reflog] REF NEW [OLD]`: the ref's value before (or
    that it did not exist), kept alive by a private ref, and set back by `agentsh undo`. Only a
    full ref name (`refs/...`: a bare name is a file under .git, HEAD a symbolic ref); `--stdin`
    (refs read at run time) and `--no-deref` have no plan."""
    positionals, i = [], 0
    while i < len(rest):
        arg = rest[i]
        if arg == "-m" and i + 1 < len(rest):
            i += 2
            continue
        if arg in ("--create-reflog",) or arg.startswith("-m") and len(arg) > 2:
            i += 1
            continue
        if arg == "--":
            positionals += rest[i + 1:]
            break
        if arg.startswith("-"):
            raise _Unknown(f"git update-ref {arg}")
        positionals.append(arg)
        i += 1
    if len(positionals) not in (2, 3) or not positionals[0].startswith("refs/") or \
            ".." in positionals[0] or positionals[0].startswith("refs/agentsh/"):
        raise _Unknown("git update-ref")
    return (Snap("git", where, ("ref", positionals[0])),)


def _git_clean(where: str, rest: list[str]) -> tuple[Snap, ...]:
    letters, paths, i = "", [], 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            paths += rest[i + 1 :]
            break
        if arg in ("-e", "--exclude"):
            i += 2
            continue
        if arg.startswith("--"):
            letters += {"--force": "f", "--dry-run": "n"}.get(arg, "")
        elif arg.startswith("-"):
            if "e" in arg:  # -e PATTERN, attached or next
                letters += arg[1 : arg.index("e")]
                i += 1 if arg.index("e") < len(arg) - 1 else 2
                continue
            letters += arg[1:]
        else:
            paths.append(arg)
        i += 1
    mode = "X" if "X" in letters else "x" if "x" in letters else ""
    return (Snap("untracked", where, (mode + ("d" if "d" in letters else ""), *paths)),)


def _git_checkout(where: str, rest: list[str]) -> tuple[Snap, ...]:
    """`git checkout [REF] -- PATHS`, `git checkout REF PATHS`, `git checkout -f`: what the
    paths held, and what they may be overwritten with (`index` or a revision)."""
    opts = [a for a in rest if a.startswith("-") and a != "--"]
    if any(o in ("-b", "-B", "--orphan", "--detach", "--recurse-submodules") or
           o.startswith(("--conflict", "--unified")) for o in opts):
        raise _Unknown("git checkout")
    whole = any(o.startswith("--pathspec-from-file") for o in opts)
    if "--" in rest:
        k = rest.index("--")
        refs = [a for a in rest[:k] if not a.startswith("-")]
        paths = () if whole else tuple(rest[k + 1 :])
        if len(refs) > 1:
            raise _Unknown("git checkout")
        return (Snap("git", where, ("worktree", "checkout", tuple(refs) or ("index",), paths)),)
    operands = [a for a in rest if not a.startswith("-")]
    if not operands:
        if {"-f", "--force"} & set(opts):  # throw away every local change, keep the branch
            return (Snap("git", where, ("worktree", "checkout", ("HEAD",), ())),)
        raise _Unknown("git checkout")
    if len(operands) == 1:  # a branch or a path: git decides at run time
        if {"-f", "--force"} & set(opts):
            raise _Unknown("git checkout -f BRANCH")
        return (Snap("git", where, ("worktree", "checkout", ("index",), tuple(operands))),)
    return (Snap("git", where, ("worktree", "checkout", (operands[0], "index"),
                                () if whole else tuple(operands))),)


def _git_restore(where: str, rest: list[str]) -> tuple[Snap, ...]:
    source, staged, paths, i = "", False, [], 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            paths += rest[i + 1 :]
            break
        if arg in ("-s", "--source") and i + 1 < len(rest):
            source = rest[i + 1]
            i += 2
            continue
        if arg.startswith("--source="):
            source = arg.split("=", 1)[1]
        elif arg in ("-S", "--staged") or (arg.startswith("-") and not arg.startswith("--")
                                           and "S" in arg):
            staged = True
        elif arg.startswith("--recurse-submodules"):
            raise _Unknown("git restore --recurse-submodules")
        elif arg.startswith("--pathspec-from-file"):
            paths, rest = [], []
            break
        elif not arg.startswith("-"):
            paths.append(arg)
        i += 1
    target = source or ("HEAD" if staged else "index")
    return (Snap("git", where, ("worktree", "restore", (target,), tuple(paths))),)

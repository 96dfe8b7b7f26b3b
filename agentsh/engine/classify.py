"""The pure core: `classify(text, policy, context) -> Verdict`. No terminal, clock or files here;
whatever the world contributes comes in through `Context`.

Fail closed: an exception in any stage becomes a finding whose decision is confirm, never allow.
"""

from __future__ import annotations

from agentsh.engine import dataflow, domains, programs, work
from agentsh.engine import parse as parse_stage
from agentsh.engine.flowstate import MADE_PROGRAMS
from agentsh.engine.matcher import View, match
from agentsh.engine.model import Command, Context, Fact, Finding, Verdict, Word
from agentsh.engine.unwrap import (
    GUESSES,
    Found,
    Unwrapper,
    changes_reading,
    read_past_discards,
)
from agentsh.lean import fnmatchcase
from agentsh.policy.values import Decision, Policy, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime

READ_ONLY = frozenset(
    "ls cat head tail less more grep egrep fgrep rg ag pwd echo printf wc sort uniq diff cmp "
    "which type file stat du df date whoami id uname true false test [ man help tree jq yq bat "
    "realpath readlink dirname basename hostname printenv env ps pgrep uptime free history "
    "command cd pushd popd".split())
GIT_READ_ONLY = frozenset("status log diff show branch remote rev-parse ls-files blame describe "
                          "config fetch tag shortlog reflog".split())
FALLBACK_UNKNOWN = Decision.CONFIRM


def _internal_error(where: str, exc: BaseException, span: tuple[int, int], command: str) -> Finding:
    return Finding("ERR001", Severity.HIGH, Decision.CONFIRM,
                   f"agentsh could not finish checking this command ({where}: "
                   f"{type(exc).__name__}: {exc}); a person must decide", span, command,
                   domain="internal")


def _decision(rule: Rule, policy: Policy) -> Decision:
    decision = rule.decision if rule.decision is not None else \
        policy.settings.decision_for(rule.severity)
    if rule.domain == "unknown":
        decision = max(decision, Decision.CONFIRM)  # unknown code never runs unasked
    return decision


def _text(cmd: Command) -> str:
    """The command as a person would type it: what allow entries' patterns are matched against."""
    import shlex

    return shlex.join(cmd.argv)


def _findings_for(found: Found, policy: Policy, ctx: Context, line: tuple[Command, ...] = (),
                  index: int = 0, text: str = "", start: str = "") -> list[Finding]:
    """`ctx` is the command's own context (`dataflow.context_for`); `line`: every command of the
    text in order, this one at `index` (for recovery plans); `start`: where the line starts."""
    cmd = found.command
    view = View(cmd, policy, ctx, found.facts, domains.ANALYZERS)
    view.line, view.index = line, index
    out: list[Finding] = []
    matched_facts: set[str] = set()
    try:  # the facts any rule without a program could match, computed once for the command
        present: frozenset[str] | None = frozenset().union(
            *(view.labels(d) for d in policy.fact_domains_without_program()))
    except Exception:  # a broken analyzer: let every rule run and report it
        present = None
    guess = any(label.startswith(GUESSES) for label in cmd.via)
    for rule in policy.rules_for(view.program, present):  # none whose facts are all absent
        if guess and (_decision(rule, policy) == Decision.ALLOW or _about_unknown(rule)):
            continue  # found among another program's arguments: only what rules recognise
        try:
            hit = match(rule, view)
        except Exception as exc:  # a broken check must not let the command through
            out.append(_internal_error(f"rule {rule.id}", exc, cmd.span, _text(cmd)))
            continue
        if hit is None:
            continue
        target, detail = hit
        matched_facts |= {f.label for f in found.facts if f.label in rule.facts}
        message = f"{rule.message} ({detail})" if detail else rule.message
        finding = Finding(rule.id, rule.severity, _decision(rule, policy), message, cmd.span,
                          _text(cmd), rule.safer, target, rule.domain)
        if rule.recoverable:
            from agentsh.engine import recovery

            try:
                finding = recovery.mark(finding, rule, view, line, index, text)
            except Exception as exc:  # no plan: the rule's own decision stands
                out.append(_internal_error(f"recovery for {rule.id}", exc, cmd.span, _text(cmd)))
        out.append(finding)
    if out and view.program in MADE_PROGRAMS:  # deleting what the line itself made
        from agentsh.engine import made

        out = made.drop_own(out, cmd, line, index, text, view)
    if not guess and view.program not in READ_ONLY and not any(
            f.decision >= Decision.CONFIRM and f.domain != "unknown" for f in out) and \
            any(not w.literal or _may_glob(w.raw) for w in cmd.words[1:]):
        out += _run_time_words(view, policy, ctx, text, start)
    for fact in found.facts:  # unknown code with no rule left to catch it still asks
        if fact.label not in matched_facts and fact.label.startswith("unknown."):
            out.append(Finding("UNK000", Severity.HIGH, FALLBACK_UNKNOWN,
                               f"agentsh cannot see what this runs: {fact.detail}", cmd.span,
                               _text(cmd), domain="unknown"))
    return out


def _may_glob(raw: str) -> bool:
    """Whether a word's source may hold a pattern bash expands against file names (a cheap
    test: engine/wildcard.py decides what is quoted)."""
    return "*" in raw or "?" in raw or "[" in raw


def _run_time_words(view: View, policy: Policy, ctx: Context, text: str = "", start: str = ""
                    ) -> list[Finding]:
    """UNK140: a word only known at run time, in a place where some value would make a rule of
    the program ask (`git reset $(echo --hard)`, `xargs git push <<< "$x"`); engine/wildcard.py."""
    rule = policy.rule("UNK140")
    if rule is None or not rule.enabled:
        return []
    from agentsh.engine import wildcard

    cmd = view.cmd
    if _items_unseen(cmd, ctx):
        return []
    try:
        hit = wildcard.could_match(cmd, view.program, policy, ctx, domains.ANALYZERS,
                                   policy.analyzer("unknown"), text, start)
    except Exception as exc:
        return [_internal_error("run-time words", exc, cmd.span, _text(cmd))]
    if hit is None:
        return []
    if hit.rule is None:  # more values than agentsh tries: what it did not try may match
        detail = (f"`{hit.word}` is only known at run time, and {view.program}'s rules name "
                  f"more values for it than agentsh tries")
    else:
        detail = (f"`{hit.word}` is only known at run time; given to {view.program} it could "
                  f"be `{hit.value}`, which {hit.rule.id} stops: {hit.rule.message}")
    return [Finding(rule.id, rule.severity, _decision(rule, policy), f"{rule.message} ({detail})",
                    cmd.span, _text(cmd), rule.safer, hit.word, rule.domain)]


def _items_unseen(cmd: Command, ctx: Context) -> bool:
    """Judging text alone: the words only known at run time are the items xargs reads from a
    file the line did not touch (`xargs curl -sO < urls.txt`, `cat ids.txt | xargs -I{} gh
    issue view {}`): data as unseen as a script not in the text (INT014), which where files are
    seen is read and its items checked (`wrappers.xargs_command`)."""
    if not cmd.via or cmd.via[-1] != "xargs":
        return False
    from agentsh.engine.domains.common import unseen
    from agentsh.engine.wrappers import PLACEHOLDER, input_file

    if any(not w.literal and PLACEHOLDER not in w.text for w in cmd.words):
        return False
    path = input_file(cmd)
    return bool(path) and unseen(path, cmd, ctx)


def _about_unknown(rule: Rule) -> bool:
    """A rule about what agentsh cannot see (unknown code, a file it cannot read)."""
    return rule.domain == "unknown" or bool(rule.facts) and all(
        f.startswith("unknown.") or f.endswith(".unknown") or "unreadable" in f
        for f in rule.facts)


def _allowed_by(finding: Finding, policy: Policy, ctx: Context, today, text: str) -> str:
    """Which allow entry suppresses this finding, or ''. A deny is never suppressed."""
    if finding.rule.startswith("ERR") or finding.decision == Decision.DENY:
        return ""
    for entry in policy.allows:
        if not finding.rule.startswith(entry.rule):
            continue
        if entry.exact and entry.exact != text:
            continue
        if entry.expires is not None and entry.expires < today:
            continue
        if entry.cwd and not fnmatchcase(ctx.cwd, entry.cwd):
            continue
        if entry.command.search(finding.command):
            return entry.source or f"allow {entry.rule} /{entry.command.pattern}/"
    return ""


def plainly_read_only(commands: list[Command]) -> bool:
    for cmd in commands:
        if cmd.redirects and any(r.op != "<" and r.target.text != "/dev/null"
                                 for r in cmd.redirects):
            return False
        if cmd.program == "git":
            words = [w for w in cmd.argv[1:] if not w.startswith("-")]
            if not words or words[0] not in GIT_READ_ONLY:
                return False
        elif cmd.program not in READ_ONLY or (cmd.program == "env" and len(cmd.words) > 1):
            return False
    return True


def flow_config(policy: Policy, ctx: Context) -> dataflow.Config:
    """What the dataflow pass needs from the policy: effects, option specs, trusted snapshots."""
    home = ctx.getenv("HOME", "/nonexistent").rstrip("/")
    snapshots = [home + p[1:] if p.startswith("~/") else p
                 for p in policy.settings.trusted_snapshots]

    def trusted(path: str) -> bool:
        if path.startswith("~/"):
            path = home + path[1:]
        return "/../" not in path and any(fnmatchcase(path, p) for p in snapshots)

    return dataflow.Config(policy.analyzer("effects"), policy.spec, trusted, parse_stage.memoized(),
                           policy.wrapper, lambda effect, res: _scratch_source(policy, effect, res))


def _scratch_source(policy: Policy, effect, res) -> bool:
    """Whether what a move takes from `effect.path` is regenerable output by the exemptions of
    the rule `[analyzer.effects] scratch_rule` names (FS001's `dist`, `build`, `node_modules`
    ...), and holds nothing moved in before: moving it elsewhere (`mv dist/app.js build/`)
    brings nothing there that deleting it here would not lose as well. Only names count, not
    places (TMPDIR, `/tmp/**`): what lies in a temporary folder may be anyone's data on its
    way somewhere, and moving it into a name that is deleted all day keeps it asking."""
    name = policy.analyzer("effects").get("scratch_rule", "")
    rule = policy.rule(name) if name else None
    if rule is None or not rule.enabled or not effect.path or not effect.text:
        return False
    names = tuple(p for p in rule.targets_exempt if not p.startswith(("/", "$", "~")))
    if not names:
        return False
    from agentsh.engine.matcher import path_glob
    from agentsh.engine.pathmatch import Operand, operand_exempt

    word = Word(effect.text, True, (0, 0), effect.text)
    return operand_exempt(Operand(word, res), names, res, path_glob)


def unwrapper_for(policy: Policy, ctx: Context, config: dataflow.Config | None = None
                  ) -> Unwrapper:
    config = config or flow_config(policy, ctx)
    generators = frozenset(policy.analyzer("unknown").get("eval_generators", []))
    unwrapper = Unwrapper(ctx, config.parse, domains.code_shell(policy), config.trusted,
                          generators, _runners(policy, ctx), programs.knowledge(policy),
                          policy.analyzer("exec"), config)
    # decoded only when a project file holds a command (every rule is read for it: +17 M
    # instructions on a command that needs none, such as `echo $(true)`)
    unwrapper.any_program_words = lambda: policy.memo("any_program_words", _any_program_words)
    return unwrapper


def _any_program_words(policy: Policy) -> tuple:
    """What rules look for in any program's words (the options through which code is handed
    over, `any_value` patterns): a plain command of an unwatched program that holds none of
    them can match no rule (what the fast path decides by, `engine.fastindex`)."""
    return (frozenset(policy.analyzer("code").get("unknown_code_options", ())),
            tuple(p for r in policy.rules if r.enabled and not r.programs for p in r.any_value))


def _runners(policy: Policy, ctx: Context):
    """Package and task runners (`engine.runners`), imported the first time a command needs them."""
    params = policy.analyzer("runners")
    programs = frozenset(k.split()[0] for k in params.get("packages", {})) | \
        frozenset(params.get("delete_tools", {})) | frozenset(params.get("tasks", []))
    ci_params = policy.analyzer("ci")
    ci_programs = frozenset(ci_params.get("clients", ()))
    plan_tools = frozenset(policy.analyzer("plans").get("tools", {})) if ctx.probes else ()
    modules = bool(params.get("modules"))  # `python3 -m awscli ...`: a CLI's own package
    made: list = []
    ci: list = []

    def expand(cmd: Command):
        if cmd.program in plan_tools and cmd.words[0].literal:
            from agentsh.engine.domains.plans import provisioned  # what a saved plan runs

            ran = provisioned(cmd, policy, dataflow.context_for(ctx, cmd))
            if ran is not None:
                return ran
        if cmd.program in ci_programs and cmd.words[0].literal:
            if cmd.program == "git" and not any(w.text == "push" for w in cmd.words[1:]):
                return None  # `ci.push_words`' own first test, before `engine.ci` is loaded
                # (2.5 M instructions): git runs CI only through `push`
            if not ci:
                from agentsh.engine.ci import Delegation  # CI workflows a command runs

                ci.append(Delegation(ci_params, ctx))
            ci[0].ctx = dataflow.context_for(ctx, cmd)
            return ci[0].expand(cmd)
        if cmd.program not in programs and not (
                modules and cmd.program.startswith(("python", "pypy")) and len(cmd.words) > 2
                and cmd.words[1].text == "-m"):
            return None
        if not made:
            from agentsh.engine.runners import Runners

            made.append(Runners(params, ctx))
        # a recipe is read where the runner runs, as the line left it (`cat > Makefile ...;
        # make clean` reads what the line wrote)
        made[0].ctx = dataflow.context_for(ctx, cmd)
        return made[0].expand(cmd)

    return expand


def _runner_local(finding: Finding, policy: Policy) -> bool:
    from agentsh.engine.ci import runner_local

    return runner_local(finding, policy.analyzer("ci"))


def classify(text: str, policy: Policy, ctx: Context, today: datetime.date | None = None
             ) -> Verdict:
    """`today` dates allow entries' expiry; the edges pass the real date. Past its budget of
    work (`engine/work.py`) or nested deeper than Python's recursion allows, it asks."""
    try:
        with work.armed():
            return _classify(text, policy, ctx, today)
    except work.OverWork as exc:
        return unreadable(text, exc.reason, policy)
    except RecursionError:
        return unreadable(text, "nested deeper than agentsh can follow", policy)
    except Exception as exc:
        finding = _internal_error("classify", exc, (0, len(text)), text)
        return Verdict(text, Decision.CONFIRM, (finding,), False)


def _classify(text: str, policy: Policy, ctx: Context, today, nested: bool = False) -> Verdict:
    parsed = parse_stage.parse(text)
    findings: list[Finding] = []
    cut = None
    moved: tuple = ()
    read = text  # what bash reads: `text`, or it with the parts bash throws away blanked
    if not parsed.ok and parsed.parser != "limit" and not nested:
        findings_, read, parsed = discarded_part(text, parsed, policy, ctx)
        findings += findings_
    if not parsed.ok and parsed.parser != "limit" and not nested:
        cut, parsed = runnable_part(text, parsed)
        if cut is not None:
            held = rejected_harm(text[cut.start:], policy, ctx)
            if held is not None:  # asks as before, naming what the rejected part holds
                cut, parsed = None, parsed._replace(ok=False, error=(
                    f"{cut.error}; bash stops at line {cut.line}, but the part it rejects holds "
                    f"`{held}`, which agentsh would stop"))
    if not parsed.ok:
        label = "unknown.too_large" if parsed.parser == "limit" else "unknown.parse_error"
        found = [Found(Command((), (0, len(text))),
                       (Fact(label, f"cannot parse: {parsed.error}"),))]
    else:
        config = flow_config(policy, ctx)
        # what each command really runs, where, with which values (`"$@"` of a `-c` string too)
        commands, end = dataflow.resolve(parsed, config, dataflow.initial(ctx),
                                         in_function=False, text=read, settle=ctx.keeps_moves)
        if ctx.keeps_moves:
            moved = tuple(dict.fromkeys(dataflow.recorded_place(m) for m in end.files.moved
                                        if m not in ctx.moved and m not in end.files.guessed))
        if "for" in read and "$" in read:  # before unwrapping: code a loop runs sees the glob
            commands = _loop_globs(commands, read, ctx.cwd or "")
        unwrapper = unwrapper_for(policy, ctx, config)
        found = unwrapper.run(tuple(commands), parsed.definitions, parsed.commands)
        unwrapper.stray_prompts(read, parsed.commands, None)
        unwrapper.history_words(read, parsed.commands, None, frozenset(
            ctx.getenv("SHELLOPTS").split(":")), end)
    where: dict[Finding, Context] = {}
    line = tuple(item.command for item in found)
    if cut is not None:
        findings += cut_findings(cut, line, policy, text)
    for index, item in enumerate(found):
        work.charge()  # the rules, a few milliseconds a command of a long script
        if not item.command.words:
            findings += _findings_for_parse_error(item, policy, text)
            continue
        here = dataflow.context_for(ctx, item.command)
        in_ci = next((v for v in item.command.via if v.startswith("CI: ")), "")
        for finding in _findings_for(item, policy, here, line, index, text, ctx.cwd or ""):
            if in_ci:  # a step of a CI definition the line runs: say which
                if _runner_local(finding, policy):
                    continue
                finding = finding._replace(message=f"{finding.message}; run by {in_ci[4:]}")
            where.setdefault(finding, here)
            findings.append(finding)
    suppressed: list[Finding] = []
    if policy.allows and findings:
        if today is None:
            import datetime

            today = datetime.date.today()
        kept = []
        for f in findings:
            by = _allowed_by(f, policy, where.get(f, ctx), today, text)
            (suppressed.append(f._replace(allowed_by=by)) if by else kept.append(f))
        findings = kept
    if policy.errors and not plainly_read_only([f.command for f in found]):
        findings.append(Finding(
            "CFG001", Severity.HIGH, Decision.CONFIRM,
            "a rules file is broken, so only plainly read-only commands run without a person: "
            + policy.errors[0].splitlines()[0], (0, len(text)), text, domain="config"))
    unique = list(dict.fromkeys(findings))
    decision = max((f.decision for f in unique), default=policy.settings.default)
    if not unique:
        decision = policy.settings.default
    commands = tuple(f.command for f in found if f.command.words)
    # a text bash rejects did not parse, whatever part of it runs (the interactive reader
    # waits for more of a construct still open)
    return Verdict(text, decision, tuple(unique), parsed.ok and cut is None and read is text,
                   commands,
                   tuple(dict.fromkeys(suppressed)), moved)


def _loop_globs(commands, text: str, start: str) -> list:
    """A quoted variable only a `for` over one relative glob sets stands for that glob in the
    commands of the loop (`for f in src/*.py; do sed -i s/a/b/ "$f"; done` is judged, and its
    writes saved, as `sed -i s/a/b/ src/*.py`): engine/wildcard.py `loop_glob`. The program's
    own name is left as it is. Done before unwrapping, so code the loop runs (`python3 -c ...
    "$f"`) reads its argument as the glob too: done after, the word lost its "only known at run
    time" finding while the code had been read with an unknown argument, and a loop writing
    agentsh's own cache through `open(sys.argv[1], 'wb')` ran unasked."""
    from agentsh.engine import wildcard

    out = []
    for cmd in commands:
        if not cmd.words or (all(w.literal for w in cmd.words[1:]) and
                             all(r.target.literal for r in cmd.redirects)):
            out.append(cmd)
            continue

        def glob_for(word: Word, cmd: Command = cmd) -> Word:
            if word.literal:
                return word
            glob = wildcard.loop_glob(word, cmd, text, start)
            if glob is None:
                return word
            return Word(glob, True, word.span, "'" + glob.replace("'", "'\\''") + "'")

        words = cmd.words[:1] + tuple(glob_for(w) for w in cmd.words[1:])
        redirects = tuple(r._replace(target=glob_for(r.target)) for r in cmd.redirects)
        if words != cmd.words or redirects != cmd.redirects:
            cmd = cmd._replace(words=words, redirects=redirects)
        out.append(cmd)
    return out


def discarded_part(text: str, parsed, policy: Policy, ctx: Context):
    """A text where bash throws away array assignments it cannot read and reads on from the
    next line (`parse.cut.discards`, bash the oracle): (the note, the text with those parts
    blanked, its commands). Otherwise, or where a command may change how bash reads the text
    (`alias`, `shopt`, `enable`), or a part thrown away holds a command agentsh would stop (the
    agent meant to run it): ([], `text`, `parsed`), and it asks as before."""
    read = read_past_discards(text, parse_stage.parse)
    if read is None:
        return [], text, parsed
    found, blanked = read
    if any(rejected_harm(text[start:stop], policy, ctx) is not None
           for start, stop in found.spans):
        return [], text, parsed
    rule = policy.rule("UNK082")
    if rule is None or not rule.enabled:
        return [], found.text, blanked
    start, stop = found.spans[0]
    lines = ", ".join(str(n) for n in found.lines)
    note = Finding(rule.id, rule.severity, _decision(rule, policy),
                   f"{rule.message} (line {lines})", (start, stop), text[start:stop][:200],
                   rule.safer, domain=rule.domain)
    return [note], found.text, blanked


def runnable_part(text: str, parsed):
    """A text bash rejects (`parsed` failed): (the cut, the commands bash would still run) when
    it is certain where bash stops (`parse.cut`), else (None, `parsed`): it asks as before."""
    from agentsh.engine.parse import cut as cut_stage

    cut = cut_stage.find(text, parsed.error)
    if cut is None:
        return None, parsed
    before = parse_stage.parse(text[:cut.end])
    if not before.ok:
        return None, parsed
    posix = _posix_reading(text, before)
    if posix is not None:
        return None, posix
    return cut, before


def _posix_reading(text: str, before):
    """A text bash rejects in its default mode, where a `set -o posix` before the line it
    rejects makes bash read the rest in posix mode (posixexp2.tests: `"${IFS+'bar}"`): when
    bash in posix mode accepts all of it (`bash --posix -n`) and nothing turns the mode off,
    the commands of both readings: the part before in default mode, all of it in posix mode
    (no control tree: they differ). None otherwise."""
    import re

    from agentsh.engine.parse import cut as cut_stage
    from agentsh.engine.parse import grammar_walk

    if not any(c.argv[:1] == ("set",) and any(w in ("posix", "--posix") for w in c.argv[1:])
               for c in before.commands) or "set -o posix" not in text:
        return None
    after = text.split("set -o posix", 1)[1]
    if re.search(r"(?i)posix|\bset\s[^\n;|&]*\+|\beval\b|\bsource\b|(?<![\w./])\.\s", after):
        return None  # something may turn posix mode off again (`set +o posix`, `eval "$old"`)
    reading = grammar_walk.parse(text, None, posix=True)
    if not reading.ok or not cut_stage.posix_accepts(text):
        return None
    seen = {(c.argv, c.span, c.assign_raw) for c in before.commands}
    extra = tuple(c for c in reading.commands if (c.argv, c.span, c.assign_raw) not in seen)
    definitions = tuple(sorted(set(before.definitions) | set(reading.definitions),
                               key=lambda d: d.offset))
    return reading._replace(commands=before.commands + extra, definitions=definitions,
                            tree=None)


REJECTED_SEGMENTS = 400  # pieces of a rejected part read for harm; more: it asks
_SEGMENT = r"[;&|(){}\n`]+|\$\("


def rejected_harm(rejected: str, policy: Policy, ctx: Context) -> str | None:
    """A command in the part of a text bash rejects that agentsh would stop, read crudely
    (split at operators, brackets and newlines, quotes dropped); None when there is none.
    bash runs none of it, but the agent meant to run it, and a shell that reads more than bash
    (zsh's `() { ... }`, `repeat`) may run it: such text asks as before (UNK001)."""
    import re

    segments = [s for s in re.split(_SEGMENT, rejected) if s.strip()]
    if len(segments) > REJECTED_SEGMENTS:
        return "(too much to read)"
    for segment in segments:
        # here-documents lose their bodies in this reading: their operators go too
        segment = re.sub(r"<<-?\s*\S*", " ", segment)
        words = segment.replace("'", " ").replace('"', " ").replace("\\", " ").split()
        if not words or not re.match(r"[\w./~-]", words[0]):
            continue
        piece = " ".join(words)
        try:
            verdict = _classify(piece, policy, ctx, None, nested=True)
        except Exception:
            return piece
        if any(f.decision != Decision.ALLOW and f.domain not in ("unknown", "parse")
               for f in verdict.findings):  # a command rules recognise, not a fragment (a
            return piece  # snapshot does not excuse it: it is not what runs)
    return None


def cut_findings(cut, commands: tuple[Command, ...], policy: Policy, text: str) -> list[Finding]:
    """The note on a text bash stops reading at `cut` (UNK080), or, when a command before it
    may change how bash reads the rest, the ask (UNK081)."""
    changer = next((c for c in commands if c.words and changes_reading(c)), None)
    rule = policy.rule("UNK081" if changer is not None else "UNK080")
    rejected = text[cut.start:].split("\n", 1)[0][:200]
    where = f"bash rejects line {cut.line} ({cut.error}): nothing from there runs"
    if changer is not None:
        where = f"{where}, but `{_text(changer)}` before it may change how bash reads it"
    if rule is None or not rule.enabled:
        if changer is None:
            return []
        return [Finding("UNK000", Severity.HIGH, Decision.CONFIRM, where, (cut.start, len(text)),
                        rejected, domain="unknown")]
    return [Finding(rule.id, rule.severity, _decision(rule, policy), f"{rule.message} ({where})",
                    (cut.start, len(text)), rejected, rule.safer, domain=rule.domain)]


def unreadable(text: str, reason: str, policy: Policy) -> Verdict:
    """The verdict on commands agentsh did not read in full (`reason` says why): it asks."""
    found = Found(Command((), (0, len(text))), (Fact("unknown.too_large", reason),))
    findings = tuple(_findings_for_parse_error(found, policy, text))
    return Verdict(text, max(f.decision for f in findings), findings, False)


def _findings_for_parse_error(item: Found, policy: Policy, text: str) -> list[Finding]:
    fact = item.facts[0]
    rule = policy.rule("UNK060" if fact.label == "unknown.too_large" else "UNK001")
    if rule is None or not rule.enabled:
        return [Finding("UNK000", Severity.HIGH, Decision.CONFIRM,
                        f"agentsh cannot parse this command ({fact.detail})", (0, len(text)),
                        text, domain="unknown")]
    return [Finding(rule.id, rule.severity, _decision(rule, policy),
                    f"{rule.message} ({fact.detail})", (0, len(text)), text, rule.safer,
                    domain="unknown")]

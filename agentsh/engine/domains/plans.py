"""Declarative tools that make the world match a description: `terraform apply`, `pulumi up`,
`cdk deploy`, `aws cloudformation deploy` ... What they destroy is not on the command line. It
is whatever a saved plan holds (`terraform apply PLAN`) or whatever the configuration no longer
names (a resource deleted from `main.tf`, then `terraform apply -auto-approve`).

- A saved plan is judged by what it holds. The core runs no program: the edge
  (`gate/probes.py`) runs the tool's own read-only reader (`terraform show -json PLAN`),
  bounded in time, and hands the result in through `Context.probes`; `plans.saved_destroys`
  names what the plan deletes. A plan with no result (`agentsh check` judges text alone, the
  tool is missing, it timed out, the line writes the plan before applying it) is
  `plans.saved_unread`: it asks, as what cannot be read always does.
- An apply with no review step (`-auto-approve`, `--yes`, `yes |`, a tool that never asks) is
  `plans.unreviewed`: it destroys whatever the configuration stopped naming, and agentsh cannot
  know what that is without running the plan itself (which needs the cloud's credentials and
  minutes), so it asks. An apply that asks on the terminal shows the plan first and runs.

Which tools, which subcommands apply, which flags or variables skip the review and which make
it a dry run come from `[analyzer.plans.tools]` in rules.toml (docs/delegation.md)."""

from __future__ import annotations

PROBE_PREFIX = "plan:"  # Context.probes key: PROBE_PREFIX + workdir + "\0" + absolute plan path


class Request:
    """One saved plan the edge should read: which tool, in which directory, which file."""

    __slots__ = ("tool", "workdir", "plan", "reader")

    def __init__(self, tool: str, workdir: str, plan: str, reader: tuple[str, ...]) -> None:
        self.tool = tool
        self.workdir = workdir
        self.plan = plan
        self.reader = reader  # the read-only subcommand that prints it as JSON

    @property
    def key(self) -> str:
        return probe_key(self.workdir, self.plan)


def probe_key(workdir: str, plan: str) -> str:
    return f"{PROBE_PREFIX}{workdir}\0{plan}"


def runs_key(workdir: str, plan: str) -> str:
    """Context.probes key: what applying the plan runs (provisioners, external programs)."""
    return f"plan-runs:{workdir}\0{plan}"


def provisioned(cmd, policy, ctx):
    """(inner commands, (shell text, label, where) triples, facts) for what applying a saved
    plan runs besides API calls: its `local-exec` and `remote-exec` provisioners and `external`
    data sources, as the edge read them from the plan; None when there is nothing to add."""
    from agentsh.engine.matcher import View
    from agentsh.engine.model import Fact

    entry = policy.analyzer("plans").get("tools", {}).get(cmd.program)
    if entry is None or not entry.get("saved_plan"):
        return None
    view = View(cmd, policy, ctx, (), {})
    if view.args.help:
        return None
    saved = saved_plan(view, entry)
    if saved is None:
        return None
    workdir, plan, _ = saved
    runs = ctx.probe(runs_key(workdir, plan))
    if not runs:
        return None
    tool = cmd.words[0].text
    if isinstance(runs, str):
        return [], [], [Fact("plans.saved_unread", f"{tool} apply {plan}: {runs}", plan)]
    return [], [(text, f"{tool} apply {plan}: {what}", how) for what, text, how in runs], []


def _entry(view, params: dict) -> dict | None:
    return params.get("tools", {}).get(view.program)


def _applies(words: list[str], entry: dict) -> int:
    """How many leading positional words name an applying subcommand (0: none)."""
    for path in entry.get("apply", []):
        parts = path.split()
        if words[:len(parts)] == parts:
            return len(parts)
    return 0


def _given(view, names) -> str:
    """The first of `names` given as a flag (a value of false/0 does not count)."""
    for name, value in view.args.options:
        if name in names and (value is None or value.lower() not in ("false", "0", "no")):
            return name
    return ""


def _env_given(view, names) -> str:
    for name in names:
        value = view.env(name)
        if value is not None and value.lower() not in ("", "false", "0", "no"):
            return f"{name}={value}"
    return ""


def _workdir(view, entry: dict) -> str:
    """The directory the tool works in: the command's, moved by `-chdir=DIR`; '' if unknown."""
    cwd = view.ctx.cwd or ""
    for option in entry.get("chdir_options", []):
        for value in view.args.values(option):
            if value.startswith("/"):
                cwd = value
            elif cwd.startswith("/"):
                cwd = f"{cwd.rstrip('/')}/{value}"
            else:
                return ""
    return _normal(cwd) if cwd.startswith("/") else ""


def _normal(path: str) -> str:
    import posixpath

    return posixpath.normpath(path)


def saved_plan(view, entry: dict) -> tuple[str, str, bool] | None:
    """(workdir, plan path, literal) when the command applies a saved plan, else None."""
    if not entry.get("saved_plan"):
        return None
    for positionals in view.args.readings():
        words = [w.text for w in positionals]
        depth = _applies(words, entry)
        if not depth or len(positionals) <= depth:
            continue
        word = positionals[depth]
        workdir = _workdir(view, entry)
        plan = word.text
        if workdir and not plan.startswith("/"):
            plan = _normal(f"{workdir}/{plan}")
        return workdir, plan, bool(word.literal) and "$" not in word.text
    return None


def analyze(view, params: dict) -> list:
    from agentsh.engine.model import Fact

    entry = _entry(view, params)
    if entry is None or view.args.help:
        return []
    words = [w.text for w in view.args.positionals]
    depth = _applies(words, entry)
    if not depth:
        guessed = view.args.guessed
        if guessed is None or not _applies([w.text for w in guessed], entry):
            return []
    if _given(view, entry.get("dry_run_flags", [])):
        return []
    tool = view.cmd.program
    saved = saved_plan(view, entry)
    if saved is not None:
        workdir, plan, literal = saved
        shown = f"{tool} apply {plan}"
        why = _unread_reason(view, workdir, plan, literal)
        if why:
            return [Fact("plans.saved_unread", f"{shown}: {why}", plan)]
        result = view.ctx.probe(probe_key(workdir, plan))
        if isinstance(result, str):
            return [Fact("plans.saved_unread", f"{shown}: {result}", plan)]
        deletes = tuple(result or ())
        if deletes:
            more = f" and {len(deletes) - 5} more" if len(deletes) > 5 else ""
            return [Fact("plans.saved_destroys",
                         f"the saved plan {plan} destroys {', '.join(deletes[:5])}{more}", plan)]
        return []
    skip = ("always" if entry.get("always") else "") or \
        _given(view, entry.get("approve_flags", [])) or \
        _env_given(view, entry.get("approve_env", [])) or \
        (_stdin_answers(view) if entry.get("stdin_answers") else "")
    if not skip:
        return []
    how = "it never asks" if skip == "always" else skip
    path = " ".join(words[:depth]) if depth else "apply"
    return [Fact("plans.unreviewed", f"{tool} {path} with no review step ({how}): it destroys "
                 "whatever the configuration no longer names", path)]


def _unread_reason(view, workdir: str, plan: str, literal: bool) -> str:
    if not literal:
        return "the plan file is only known at run time"
    if not workdir:
        return "where the plan file is is only known at run time"
    if line_may_write(view.cmd, view.ctx, plan):
        return "the line may write the plan before applying it, so what it holds is not known yet"
    if view.ctx.probe(probe_key(workdir, plan)) is None:
        return "agentsh did not read what the saved plan holds (`agentsh check` judges text " \
            "alone; the live route runs the tool's own reader)"
    return ""


def line_may_write(cmd, ctx, plan: str) -> bool:
    """Whether the line may have written the plan file before this command: it wrote it, or
    ran a program whose writes are unknown (`terraform plan -out p` is one: a build tool whose
    writes agentsh does not follow), so what the edge read before the line is not what runs."""
    if ctx.file_written(plan):
        return True
    files = getattr(cmd.flow, "files", None)
    if files is None:
        return True
    from agentsh.engine.flowstate import line_wrote

    return bool(files.unsure or files.trees) or line_wrote(files, plan)


def _stdin_answers(view) -> str:
    """The line feeds the tool's confirmation prompt (`yes | terraform apply`)."""
    stdin = view.cmd.stdin
    if stdin is None:
        return ""
    return f"its prompt is answered from {stdin.kind}"


def requests(commands, policy, ctx) -> list[Request]:
    """The saved plans the commands of a verdict apply that the edge may read: literal files
    that exist before the line runs, in a known directory."""
    from agentsh.engine import dataflow
    from agentsh.engine.matcher import View

    params = policy.analyzer("plans")
    tools = params.get("tools", {})
    out: list[Request] = []
    for cmd in commands:
        if not cmd.words:
            continue
        here = dataflow.context_for(ctx, cmd)
        view = View(cmd, policy, here, (), {})
        entry = tools.get(view.program)
        if entry is None or not entry.get("reader"):
            continue
        saved = saved_plan(view, entry)
        if saved is None:
            continue
        workdir, plan, literal = saved
        if not literal or not workdir or line_may_write(cmd, here, plan):
            continue
        request = Request(cmd.words[0].text, workdir, plan, tuple(entry["reader"]))
        if all(r.key != request.key for r in out):
            out.append(request)
    return out

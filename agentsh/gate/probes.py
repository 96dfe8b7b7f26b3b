"""Reading what only a tool can read, at the edge, before the check: a saved terraform plan is a
binary file that only `terraform show -json PLAN` turns into text.

The core (`engine/domains/plans.py`) runs no program: it asks for a saved plan it has no result
for. When a verdict asks for that reason only, `checked` runs each plan's read-only reader here,
bounded in time, and judges the line again with the results in `Context.probes`. Anything that
goes wrong (no such program, a timeout, an error, output that is not the JSON expected) is a
result too: a reason, which the core reports as a plan it could not read, so it asks.

Only the live routes (`agentsh -c`, scripts, hooks) call this; `agentsh check` judges text
alone and asks for any saved plan."""

from __future__ import annotations

import os

MAX_PROBES = 4  # saved plans read for one line; more ask
OUTPUT_CAP = 32 << 20  # bytes of JSON read from a reader
# variables that would change what the reader runs or reads (`TF_CLI_ARGS_show=...`, another
# CLI configuration with credential helpers): the reader runs without them
DROPPED_ENV = ("TF_CLI_ARGS", "TF_CLI_CONFIG_FILE", "TERRAFORM_CONFIG", "TF_DATA_DIR")


def checked(text: str, policy, ctx, classify):
    """`classify(text, policy, ctx)`, and when it asks for a saved plan it could not read, the
    same after reading the plans (a verdict that asks for other reasons is returned as it is:
    running a tool cannot make it run)."""
    from agentsh.policy.values import Decision

    verdict = classify(text, policy, ctx)
    if verdict.decision == Decision.ALLOW:
        return verdict
    env = dict(ctx.env)
    results: list = []
    if _wants_plans(verdict, policy):
        from agentsh.engine.domains import plans

        requests = plans.requests(verdict.commands, policy, ctx)
        if requests and len(requests) <= MAX_PROBES:
            seconds = float(policy.analyzer("plans").get("probe_seconds", 8))
            results += [(r.key, read_plan(r, env, seconds)) for r in requests]
    if any(c.program == "git" and "push" in c.argv for c in verdict.commands):
        from agentsh.engine import ci

        for root, files in ci.push_requests(verdict.commands, policy, ctx)[:MAX_PROBES]:
            results.append((ci.push_probe_key(root), unchanged_on_remote(root, files, env)))
    if not results:
        return verdict
    return classify(text, policy, ctx._replace(probes=ctx.probes + tuple(results)))


GIT_SAFE = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null")


def unchanged_on_remote(root: str, files: list[str], env: dict, seconds: float = 4):
    """The CI files (absolute) that the branch's upstream already has exactly as the work tree
    does: pushing them starts nothing new. Anything unclear (no upstream, an error, a timeout)
    leaves a file out, so it is judged."""
    import subprocess

    clean = {k: v for k, v in env.items() if not k.startswith(("GIT_", "AGENTSH_"))}
    clean["GIT_CONFIG_NOSYSTEM"] = "1"
    rel = [f[len(root.rstrip("/")) + 1:] for f in files]

    def git(*args: str) -> list[str] | None:
        try:
            done = subprocess.run(["git", *GIT_SAFE, "-C", root, *args], env=clean,
                                  stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=seconds)
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        return done.stdout.decode("utf-8", "replace").splitlines()

    at_upstream = git("ls-tree", "-r", "--name-only", "@{upstream}", "--", *rel)
    changed = git("diff", "--no-ext-diff", "--no-textconv", "--name-only", "@{upstream}", "--",
                  *rel)
    committed = git("diff", "--no-ext-diff", "--no-textconv", "--name-only", "@{upstream}",
                    "HEAD", "--", *rel)
    if at_upstream is None or changed is None or committed is None:
        return ()
    same = set(at_upstream) - set(changed) - set(committed)
    return tuple(f for f, r in zip(files, rel, strict=True) if r in same)


def _wants_plans(verdict, policy) -> bool:
    """A finding of the plans domain (a saved plan, or an apply with no review) is there."""
    return any(f.domain == "plans" for f in verdict.findings)


def read_plan(request, env: dict, seconds: float):
    """The addresses of the resources a saved plan deletes (a tuple, empty when none), or a
    string saying why it could not be read."""
    import json
    import subprocess

    argv = [request.tool, *request.reader, request.plan]
    clean = {k: v for k, v in env.items()
             if not k.startswith(DROPPED_ENV) and not k.startswith("AGENTSH_")}
    clean["TF_IN_AUTOMATION"] = "1"
    clean["TF_INPUT"] = "0"
    try:
        proc = subprocess.Popen(argv, cwd=request.workdir, env=clean, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except (OSError, ValueError) as exc:
        return f"could not run `{' '.join(argv)}` to read the saved plan ({exc.__class__.__name__})"
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"`{' '.join(argv)}` did not finish in {seconds:g} s"
    if proc.returncode != 0:
        first = (err or b"").decode("utf-8", "replace").strip().splitlines()[:3]
        why = " ".join(line.strip("│ ╷╵") for line in first if line.strip("│ ╷╵"))[:200]
        return f"`{' '.join(argv)}` failed ({why or 'exit ' + str(proc.returncode)})"
    if len(out) > OUTPUT_CAP:
        return "the saved plan is too big to read"
    try:
        data = json.loads(out)
    except ValueError:
        return f"`{' '.join(argv)}` printed something that is not a plan"
    return plan_deletes(data)


def plan_deletes(data) -> tuple[str, ...] | str:
    """What a plan's JSON (terraform's `show -json` format) deletes: every resource change whose
    actions hold `delete` (a replacement too), or a reason when it is not a plan's JSON."""
    if not isinstance(data, dict) or "format_version" not in data:
        return "the reader did not print a plan"
    changes = data.get("resource_changes", [])
    if not isinstance(changes, list):
        return "the plan's resource changes could not be read"
    out = []
    for change in changes:
        if not isinstance(change, dict):
            return "the plan's resource changes could not be read"
        actions = (change.get("change") or {}).get("actions", [])
        if not isinstance(actions, list):
            return "the plan's resource changes could not be read"
        if "delete" in actions:
            out.append(str(change.get("address", "?")))
    return tuple(out)


def _kill(proc) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    try:
        proc.communicate(timeout=2)
    except Exception:
        pass

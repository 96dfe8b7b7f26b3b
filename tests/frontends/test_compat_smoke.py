"""The bash-suite compatibility harness (bench/compat/run.py) on six quick tests of bash 5.2's own
suite (quoting, arithmetic, here-documents, `case`, function printing): plain bash passes them,
agentsh with enforcement off must too, and the shipped policy must pass at least what it passes
today. Known differences are strict xfails: each starts failing once it is fixed, so the marker
is removed and the number only goes up. The full run and its to-do list: bench/compat/results.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "bench" / "compat" / "run.py"
QUICK = ("quote", "nquote1", "arith", "heredoc", "case", "cprint")  # each < 0.5 s with bash

# What the shipped policy does not pass yet (measured with bench/compat/run.py, 2026-11-30);
# the full list of places is in bench/compat/results.md.
SHIPPED_GAPS: dict[str, str] = {}  # heredoc passes since compat13 (`export -f` before a child)
# With enforcement off agentsh must behave exactly as bash on every quick test.
PERMISSIVE_GAPS: dict[str, str] = {}


def suite_folder() -> Path | None:
    """bash's test suite, `shared/bash-tests` next to the repository or a folder above it."""
    for folder in ROOT.parents:
        if (folder / "shared" / "bash-tests" / "tests").is_dir():
            return folder / "shared" / "bash-tests"
    return None


@pytest.fixture(scope="module")
def harness(agentsh_bin: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One harness run over QUICK in all three modes: its JSON, with runs keyed by test and mode."""
    if shutil.which("cc") is None:
        pytest.skip("cc is missing: the suite's helper programs (recho, zecho, ...) are built with it")
    suite = suite_folder()
    if suite is None:
        pytest.skip("bash's test suite is absent (expected ../shared/bash-tests)")
    out = tmp_path_factory.mktemp("compat")
    run = subprocess.run(
        [sys.executable, str(HARNESS), "--suite", str(suite), "--agentsh", agentsh_bin,
         "--only", *QUICK, "--no-locales", "--no-locate", "--timeout", "30",
         "--json", str(out / "compat.json"), "--out", str(out / "outputs"),
         "--fail-under-shipped", str(len(QUICK) - len(SHIPPED_GAPS))],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads((out / "compat.json").read_text())
    data["by"] = {(r["test"], r["mode"]): r for r in data["runs"]}
    return data


def cases(gaps: dict[str, str]) -> list:
    """QUICK, with the known gaps marked as strict expected failures."""
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=gaps[n])) if n in gaps
            else n for n in QUICK]


@pytest.mark.parametrize("name", QUICK)
def test_bash_passes(harness: dict, name: str) -> None:
    run = harness["by"][(name, "bash")]
    assert run["passed"], run["diff"][:2000]


@pytest.mark.parametrize("name", cases(PERMISSIVE_GAPS))
def test_permissive_equals_bash(harness: dict, name: str) -> None:
    run = harness["by"][(name, "permissive")]
    assert run["passed"] == harness["by"][(name, "bash")]["passed"], run["diff"][:2000]


@pytest.mark.parametrize("name", cases(SHIPPED_GAPS))
def test_shipped_passes(harness: dict, name: str) -> None:
    run = harness["by"][(name, "shipped")]
    assert run["passed"], run["diff"][:2000]


def test_blocks_are_attributed(harness: dict) -> None:
    """Every blocked test is explained: the harness names the rule and a cause for each block."""
    for diff in harness["summary"]["differences"]:
        if diff["blocked"]:
            assert all(b["rule"] and b["cause"] and b["where"] for b in diff["blocks"]), diff

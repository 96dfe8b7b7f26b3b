"""`eval` of text bash rejects (issue 16, compat: posix2.tests' `eval 'case esac in esac) ...'`,
which bash 5.2 rejects in both modes): eval reads and runs one top-level command at a time, as
`bash -c` does, so it is judged by the part before the command bash cannot read (`parse.cut`,
`bash -n` as the oracle); where posix mode may be on or an alias is defined it asks as before."""

from __future__ import annotations

import shutil

import pytest

from agentsh.engine import runtime
from agentsh.engine.classify import classify

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@pytest.fixture
def judge(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    policy = runtime.load_policy(str(tmp_path), env)
    ctx = runtime.make_context(str(tmp_path), env)._replace(complete_env=True)
    return lambda text: classify(text, policy, ctx)


@pytest.mark.parametrize("text", [
    "eval 'case esac in esac) ;; *) echo \"case esac test 4\";; esac'",
    "eval $'echo a\\ncase esac in esac) ;; esac'; echo after",
])
def test_eval_of_text_bash_rejects_runs_the_part_before(judge, text):
    assert judge(text).decision.value == 0


@pytest.mark.parametrize("text", [
    "eval $'rm -rf victim\\ncase esac in esac) ;; esac'",  # the part before runs
    "x=ls; eval $'x=rm\\ncase esac in esac) ;; esac'; $x -rf victim",
    "set -o posix; eval 'case esac in esac) ;; *) echo x;; esac'",
    "shopt -s expand_aliases; alias q=x; eval 'case esac in esac) ;; *) echo x;; esac'",
])
def test_what_eval_may_still_run_asks(judge, text):
    assert judge(text).decision.value != 0

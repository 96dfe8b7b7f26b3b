"""`${@:OFF[:LEN]}`, `${a[@]:OFF[:LEN]}` and `${x:OFF[:LEN]}` with literal numbers (issue 16,
compat: dollar-at5.sub's `"${@:2}a3 a2"`): expanded as bash expands them, bash as the oracle;
anything else (a negative offset, `$0`, an arithmetic offset) stays unknown."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from agentsh.engine import runtime
from agentsh.engine.classify import classify
from agentsh.engine.words import UNSET, expand

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")

SETUP = "set -- a 'b c' d e; x=abcdef; a=(p 'q r' s)"
VALUES = {"@": ("a", "b c", "d", "e"), "1": "a", "x": "abcdef", "a": ("p", "q r", "s")}

WORDS = ['"${@:2}"', "${@:2}", '"${@:2:2}"', '"${*:2}"', '"x${@:3}y"', '"${@:9}"', "${*:1:3}",
         '"${x:2}"', '"${x:1:3}"', '"${x:9}"', "${x:0:0}", '"${a[@]:1}"', '"${a[*]:1:1}"',
         "${a[@]:0:2}", '"${@:2}a3 a2"', '"${a:1}"', '"${a[1]:1}"']


@pytest.mark.parametrize("word", WORDS)
def test_a_slice_is_bash_s(word):
    theirs = subprocess.run([BASH, "--norc", "-c", SETUP + f"; printf '<%s>' {word}"],
                            capture_output=True, text=True).stdout
    ours = expand(word, lambda n: VALUES.get(n, UNSET))
    assert ours is not None
    assert "".join(f"<{f}>" for f in ours) == (theirs if ours else "")


@pytest.mark.parametrize("word", ["${@:0}", "${x: -2}", "${x:1+1}", "${x:$n}", "${@:1:-1}"])
def test_what_is_not_read_stays_unknown(word):
    assert expand(word, lambda n: VALUES.get(n, UNSET)) is None


@pytest.mark.parametrize("text", [
    "set -- x rm; ${@:2} -rf victim",
    "f() { \"${@:2}\" -rf victim; }; f x rm",
    "a=(ls rm); ${a[@]:1} -rf victim",
    "x=xrm; ${x:1} -rf victim",
])
def test_a_slice_hides_no_command(tmp_path, text):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    policy = runtime.load_policy(str(tmp_path), env)
    ctx = runtime.make_context(str(tmp_path), env)._replace(complete_env=True)
    verdict = classify(text, policy, ctx)
    assert verdict.decision.value != 0
    assert any(f.rule.startswith("FS") for f in verdict.findings), verdict.findings

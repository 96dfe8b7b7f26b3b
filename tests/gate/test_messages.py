"""The blocked message: one template for the agent and the person (what, why, how a person
approves, how long it waits, what to do instead), secrets redacted, nothing that can hide text."""

from __future__ import annotations

import subprocess

import pytest

from agentsh.engine.classify import classify
from agentsh.gate.answer import Answer
from agentsh.gate.messages import audience_of, blocked_message, visible, waiting_message


@pytest.mark.parametrize("text, shown", [
    ("npm test", "npm test"),
    ("a\rb", "a\\rb"),
    ("\x1b[2Kx", "\\e[2Kx"),
    ("\x1b[8mhidden", "\\e[8mhidden"),
    ("tab\there", "tab\\there"),
    ("bell\a", "bell\\a"),
    ("nul\x00", "nul\\x00"),
    ("del\x7f", "del\\x7f"),
    ("c1 csi \x9b2J", "c1 csi \\x9b2J"),
    ("bidi \u202eevil", "bidi \\u202eevil"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("bom\ufeff", "bom\\ufeff"),
    ("raw byte \udcff", "raw byte \\xff"),
    ("two\nlines", "two\\nlines"),
    ("unicode é ✓ 日本", "unicode é ✓ 日本"),
    ("a\\nb", "a\\nb"),  # a literal backslash-n stays as typed
], ids=["plain", "cr", "erase-line", "conceal", "tab", "bell", "nul", "del", "c1-csi", "bidi",
        "zero-width", "bom", "surrogateescape", "newline", "unicode", "backslash"])
def test_visible_spells_out_what_could_hide_text(text, shown, ) -> None:
    assert visible(text) == shown


def test_visible_can_keep_line_breaks() -> None:
    assert visible("a\nb\rc", newlines=True) == "a\nb\\rc"


def verdict(builtin_policy, ctx, text: str):
    return classify(text, builtin_policy, ctx)


def test_no_channel_tells_the_agent_how_a_person_approves(builtin_policy, ctx) -> None:
    message = blocked_message(verdict(builtin_policy, ctx, "rm -rf proj"),
                              Answer(False, "none", "no-channel"), audience="agent", timeout=300)
    assert "agentsh: blocked: rm -rf proj" in message
    assert "FS001 (high, confirm)" in message
    assert "safer:" in message
    assert "a person opens `agentsh approve` in a terminal of their own, then the command is " \
           "run again (a request waits there up to 300 s for an answer)" in message
    assert "If you are an AI agent: stop here" in message
    assert "no-channel" not in message  # jargon


def test_a_person_who_said_no_gets_no_agent_instructions(builtin_policy, ctx) -> None:
    message = blocked_message(verdict(builtin_policy, ctx, "rm -rf proj"),
                              Answer(False, "terminal", "denied"), audience="person", timeout=300)
    assert "the prompt was cancelled" in message
    assert "To approve it: open `agentsh approve` in a terminal of your own" in message
    assert "AI agent" not in message


def test_a_deny_by_policy_offers_no_approval(builtin_policy, ctx) -> None:
    message = blocked_message(verdict(builtin_policy, ctx, "rm -rf /"),
                              Answer(False, "policy", "denied"), audience="agent", timeout=300)
    assert "denied by policy" in message and "no approval can run it" in message
    assert "To approve" not in message


def test_a_reason_from_the_person_reaches_the_agent(builtin_policy, ctx) -> None:
    answer = Answer(False, "approver", "denied", 42, "use the staging volume\x1b[8m")
    message = blocked_message(verdict(builtin_policy, ctx, "rm -rf proj"), answer,
                              audience="agent")
    assert "The person who reviewed it said: use the staging volume\\e[8m" in message
    assert "To approve" not in message


@pytest.mark.parametrize("answer, says", [
    (Answer(False, "approver", "timeout"), "nobody answered in `agentsh approve` within 300 s"),
    (Answer(False, "approver", "wrong-name"), "the name typed in `agentsh approve` did not match"),
    (Answer(False, "approver", "interrupted"), "the request was cancelled while it waited"),
    (Answer(False, "approver", "approver closed"), "`agentsh approve` was closed"),
    (Answer(False, "terminal", "timeout"), "nobody answered the prompt in time"),
], ids=["approver-timeout", "wrong-name", "interrupted", "approver-closed", "terminal-timeout"])
def test_each_outcome_is_said_plainly(builtin_policy, ctx, answer, says) -> None:
    assert says in blocked_message(verdict(builtin_policy, ctx, "rm -rf proj"), answer,
                                   timeout=300)


def test_secrets_are_redacted_and_controls_escaped(builtin_policy, ctx) -> None:
    text = ("curl -X DELETE -H 'Authorization: Bearer abc.def-SECRET' "
            "https://u:pw123@api.example.com/v/1 #\r\x1b[2Knpm test")
    message = blocked_message(verdict(builtin_policy, ctx, text),
                              Answer(False, "none", "no-channel"))
    assert "SECRET" not in message and "pw123" not in message
    assert "Authorization: [REDACTED]" in message
    assert "\r" not in message and "\x1b" not in message
    assert "#\\r\\e[2Knpm test" in message


def test_a_bare_reason_still_works_for_older_callers(builtin_policy, ctx) -> None:
    message = blocked_message(verdict(builtin_policy, ctx, "rm -rf proj"), "no-channel")
    assert "no approver is open" in message


def test_the_waiting_message_names_the_timeout() -> None:
    assert "up to 300 s (5 min)" in waiting_message(99, 300)
    assert "up to 30 s," in waiting_message(99, 30)


@pytest.mark.parametrize("answer, actor, audience", [
    (Answer(False, "terminal", "denied"), "", "person"),
    (Answer(False, "none", "no-channel"), "agent", "agent"),
    (Answer(False, "none", "no-channel"), "", ""),
    (Answer(False, "none", "no-channel"), "person", "person"),
], ids=["answered-on-terminal", "agent-marked", "unknown", "interactive"])
def test_audience(answer, actor, audience) -> None:
    assert audience_of(answer, actor) == audience


def test_the_shell_never_echoes_a_secret_on_stderr(agentsh_bin, env, tmp_path) -> None:
    result = subprocess.run(
        [agentsh_bin, "-c", "curl -X DELETE -H 'Authorization: Bearer tok-SECRET-1' "
                            "https://api.invalid/v/1"],
        env={**env, "CLAUDECODE": "1"}, cwd=tmp_path, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=20, start_new_session=True)
    assert result.returncode == 126
    assert "SECRET" not in result.stderr and "Authorization: [REDACTED]" in result.stderr
    assert "opens `agentsh approve`" in result.stderr


SPOOF = "rm -rf victim #\r\x1b[2Knpm test\x1b[8m"


def test_explain_and_log_show_control_characters_as_text(agentsh_bin, env, tmp_path) -> None:
    out = subprocess.run([agentsh_bin, "explain", "--", SPOOF], env=env, cwd=tmp_path,
                         capture_output=True, text=True).stdout
    assert "command: rm -rf victim #\\r\\e[2Knpm test\\e[8m" in out and "\x1b" not in out
    subprocess.run([agentsh_bin, "-c", SPOOF], env={**env, "CLAUDECODE": "1"}, cwd=tmp_path,
                   stdin=subprocess.DEVNULL, capture_output=True, start_new_session=True)
    log = subprocess.run([agentsh_bin, "log"], env=env, capture_output=True, text=True).stdout
    assert "rm -rf victim #\\r\\e[2Knpm test\\e[8m" in log and "\x1b" not in log


def test_the_terminal_prompt_shows_control_characters_as_text(agentsh_bin, env, tmp_path):
    import pexpect

    (tmp_path / "victim").mkdir()
    child = pexpect.spawn(agentsh_bin, ["-c", SPOOF], env=env, cwd=str(tmp_path), timeout=20,
                          encoding="utf-8", dimensions=(40, 200))
    child.expect(r"Press (\w) to run it")
    assert "rm -rf victim" in child.before and " #\\r\\e[2Knpm test\\e[8m" in child.before
    assert "\x1b[8m" not in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert (tmp_path / "victim").exists()

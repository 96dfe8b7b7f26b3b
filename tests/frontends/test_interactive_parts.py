"""The interactive shell's parts that need no terminal: how a line is split for bash's
completion, how a compspec is read, how the hooks' marks are found in the output, how bash is
started, and what bash makes of a line."""

from __future__ import annotations

import pytest

from agentsh.frontends.interactive.child import bash_command, status_line, wrap
from agentsh.frontends.interactive.completion import (
    candidates,
    command_segment,
    parse_spec,
    quote_filename,
    split_words,
)
from agentsh.frontends.interactive.output import OutputFilter
from agentsh.frontends.interactive.syntax import check, split_units
from agentsh.frontends.invocation import parse_invocation

# ------------------------------------------------------------------ completion


@pytest.mark.parametrize("text, words, cword, prefix", [
    ("git checkout ", ("git", "checkout", ""), 2, ""),
    ("git checkout ma", ("git", "checkout", "ma"), 2, "ma"),
    ("ls a=b", ("ls", "a", "=", "b"), 3, "b"),
    ('echo "a b', ("echo", '"a b'), 1, '"a b'),
    ("ls some\\ file", ("ls", "some\\ file"), 1, "some\\ file"),
    ("ssh host:/tm", ("ssh", "host", ":", "/tm"), 3, "/tm"),
], ids=["new-word", "partial-word", "equals-breaks", "open-quote", "escaped-blank", "colon"])
def test_words_split_as_readline_splits_them(text, words, cword, prefix) -> None:
    request = split_words(text, len(text))
    assert (request.words, request.cword, request.prefix) == (words, cword, prefix)


def test_the_cursor_on_a_blank_between_words_makes_a_new_word() -> None:
    request = split_words("cd  x", 3)
    assert (request.words, request.cword, request.prefix) == (("cd", "", "x"), 1, "")


@pytest.mark.parametrize("text, segment", [
    ("ls; git ch", "git ch"),
    ("make && git ch", "git ch"),
    ("cat x | grep -", "grep -"),
    ("echo $(git ch", "git ch"),
    ("echo 'a; b' && ls -", "ls -"),
], ids=["semicolon", "and", "pipe", "substitution", "quoted-separator"])
def test_completion_sees_only_the_command_the_cursor_is_in(text, segment) -> None:
    assert command_segment(text, len(text)) == (segment, len(segment))


def test_a_compspec_is_read_as_data() -> None:
    spec = parse_spec("complete -o bashdefault -o default -o nospace -F __git_wrap__git_main git")
    assert spec.function == "__git_wrap__git_main"
    assert spec.options == ("bashdefault", "default", "nospace")
    assert not spec.code
    assert parse_spec("complete -F _comp_complete_load -D").function == "_comp_complete_load"
    assert parse_spec("complete -W 'start stop' svc").generators == ("-W", "start stop")


@pytest.mark.parametrize("line, code", [
    ("complete -C 'rm -rf ~' git", "rm -rf ~"),
    ("complete -W '$(rm -rf ~)' git", ": $(rm -rf ~)"),
    ("complete -W '`id`' git", ": `id`"),
], ids=["command", "substitution-in-words", "backticks-in-words"])
def test_code_in_a_compspec_is_named_for_the_gate(line, code) -> None:
    assert parse_spec(line).code == code


def test_file_names_are_quoted_for_the_line(tmp_path) -> None:
    assert quote_filename("my file (1).txt", "my") == "my\\ file\\ \\(1\\).txt"
    assert quote_filename("my file", '"my') == '"my file'
    (tmp_path / "dir").mkdir()
    request = split_words("ls d", 4)
    assert candidates(request, ["dir"], {"filenames"}, str(tmp_path)) == [("dir/", "dir/")]
    assert candidates(split_words("git ch", 6), ["checkout"], set(), "/") == \
        [("checkout ", "checkout")]
    assert candidates(split_words("git ch", 6), ["checkout"], {"nospace"}, "/") == \
        [("checkout", "checkout")]


# ------------------------------------------------------------------ the hooks' marks

NONCE = "n0nce"


def events(chunks: list[bytes], drop: bool = False):
    out = OutputFilter(NONCE, drop)
    found = []
    for chunk in chunks:
        found += [(e.kind, e.data) for e in out.feed(chunk)]
    return found


def test_marks_are_taken_out_of_the_output_in_order() -> None:
    data = b"hello\r\n\x1b]6973;R;n0nce;7\x07after"
    assert events([data]) == [("out", b"hello\r\n"), ("ready", "7"), ("out", b"after")]


def test_a_mark_split_across_reads_is_still_found() -> None:
    data = b"out\x1b]6973;R;n0nce;12\x07"
    for cut in range(1, len(data)):
        found = events([data[:cut], data[cut:]])
        assert ("ready", "12") in found, cut
        assert b"".join(d for k, d in found if k == "out") == b"out", cut


def test_a_mark_without_this_sessions_nonce_is_dropped_not_obeyed() -> None:
    assert events([b"a\x1b]6973;R;guess;3\x07b"]) == [("out", b"ab")]


def test_other_escape_sequences_pass_through() -> None:
    title = b"\x1b]0;my title\x07\x1b[1mbold\x1b[0m"
    assert events([title]) == [("out", title)]


def test_editor_marks_from_commands_are_dropped_only_when_agentsh_emits_its_own() -> None:
    mark = b"\x1b]633;D;0\x07"
    assert events([b"x" + mark], drop=True) == [("out", b"x")]
    assert events([b"x" + mark], drop=False) == [("out", b"x" + mark)]


# ------------------------------------------------------------------ starting bash


@pytest.mark.parametrize("argv0, args, mode, argv_has", [
    ("agentsh", ["-i"], "rc", ["-i"]),
    ("-agentsh", [], "login", ["-i"]),
    ("agentsh", ["-l"], "login", ["-i"]),
    ("agentsh", ["--login", "--noprofile"], "login-noprofile", ["-i"]),
    ("agentsh", ["--norc", "-i"], "none", ["-i"]),
    ("agentsh", ["--rcfile", "/x/rc", "-i"], "rcfile", ["-i"]),
    ("sh", ["-i"], "posix", ["-i"]),
    ("agentsh", ["-o", "vi", "-O", "extglob", "-i"], "rc", ["-o", "vi", "-O", "extglob"]),
], ids=["plain", "dash-argv0", "dash-l", "noprofile", "norc", "rcfile", "as-sh", "options"])
def test_bash_is_started_interactive_with_agentsh_start_up_file(argv0, args, mode, argv_has):
    argv, env = bash_command("/bin/bash", argv0, parse_invocation(argv0, args), {"HOME": "/h"})
    assert argv[1] == "--noediting"
    assert "--rcfile" in argv and argv[argv.index("--rcfile") + 1].endswith("rc.bash")
    assert not {"-l", "--login", "--norc", "--noprofile", "/x/rc"} & set(argv)
    assert env["__AGENTSH_MODE"] == mode
    for part in argv_has:
        assert part in argv
    if mode == "rcfile":
        assert env["__AGENTSH_FILE"] == "/x/rc"
    if argv0.startswith("-"):
        assert env["__AGENTSH_ARGV0"] == argv0


def test_each_line_runs_on_the_terminal_without_agentshs_sockets() -> None:
    text = wrap("cat <<EOF\nhi\nEOF")
    assert text.startswith("{ # agentsh\ncat <<EOF\nhi\nEOF\n}")
    assert text.rstrip().endswith("} 0<&63 63<&- 62<&-")
    assert status_line(126).splitlines()[1] == '__agentsh_install 126 "$_"'


# ------------------------------------------------------------------ bash's reading of a line


@pytest.mark.parametrize("text, verdict", [
    ("echo ok", "ok"),
    ("echo )", "error"),
    ("if true; then", "incomplete"),
    ("for i in 1 2; do", "incomplete"),
    ('python3 -c "import os', "incomplete"),
    ("echo 'abc", "incomplete"),
    ("echo $(", "incomplete"),
    ("cat <<EOF", "incomplete"),
    ("cat <<EOF\nx\nEOF", "ok"),
    ("echo a \\", "incomplete"),
    ("ls !(*.o)", "ok"),
], ids=["simple", "syntax-error", "open-if", "open-for", "open-double-quote",
        "open-single-quote", "open-substitution", "open-heredoc", "heredoc", "backslash",
        "extglob"])
def test_bash_decides_whether_a_line_is_whole(text, verdict) -> None:
    assert check(text, "/bin/bash") == verdict


def test_a_pasted_block_splits_into_the_commands_bash_would_run() -> None:
    block = "echo one\nif true; then\n  echo two\nfi\n\ncat <<EOF\nthree\nEOF\necho four"
    assert split_units(block, "/bin/bash") == [
        "echo one", "if true; then\n  echo two\nfi", "cat <<EOF\nthree\nEOF", "echo four"]

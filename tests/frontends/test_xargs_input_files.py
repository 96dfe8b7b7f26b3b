"""xargs reading its items from a file (`xargs curl -sO < urls.txt`, `cat refs.txt | xargs git
push`), run as an agent would (`agentsh -c`, no terminal, CLAUDECODE=1, a temporary HOME, a local
recording HTTP server as the victim): where files are seen the file is read, within bounds, and
its items are checked as the words they become; a file that cannot be read, one too big, or a
form agentsh does not read (`-I{}`) still asks (UNK140). Judged from the text alone the file is
as unseen as a script not in the text (INT014) and runs: docs/precision.md, round 4."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent


@pytest.fixture
def work(tmp_path: Path, agent_home: Path) -> tuple[Path, dict[str, str]]:
    folder = agent_home / "proj" / tmp_path.name
    folder.mkdir(parents=True)
    return folder, {**clean_env(agent_home), "CLAUDECODE": "1"}


def _urls(folder: Path, port: int, text: str) -> None:
    (folder / "urls.txt").write_text(text.replace("PORT", str(port)))


ATTACKS = [  # (id, urls.txt, command): the items turn curl into a DELETE
    ("stdin-file", "-XDELETE http://127.0.0.1:PORT/api/volumes/1\n", "xargs curl -s < urls.txt"),
    ("cat-pipe", "-XDELETE\nhttp://127.0.0.1:PORT/api/volumes/1\n", "cat urls.txt | xargs curl -s"),
    ("split-over-runs", "-X DELETE http://127.0.0.1:PORT/api/volumes/1\n",
     "xargs -n 4 curl -s < urls.txt"),
    ("replace-token", "http://127.0.0.1:PORT/api/volumes/1 -XDELETE\n",
     "xargs -I{} sh -c 'curl -s {}' < urls.txt"),
    ("written-first", "",
     "printf '%s\\n' -XDELETE http://127.0.0.1:PORT/api/volumes/1 > urls.txt; xargs curl -s < urls.txt"),
]


@pytest.mark.parametrize("text,command", [(t, c) for _, t, c in ATTACKS],
                         ids=[i for i, _, _ in ATTACKS])
def test_items_read_from_a_file_are_checked(agentsh_bin, recording_server, work, text,
                                            command) -> None:
    folder, env = work
    port = recording_server.server_address[1]
    _urls(folder, port, text)
    recording_server.seen.clear()
    done = run_as_agent(agentsh_bin, command.replace("PORT", str(port)), folder, env)
    assert_blocked(done)
    assert recording_server.seen == []


def test_a_kubectl_verb_read_from_a_file_is_checked(agentsh_bin, work) -> None:
    """UNK140's old example: the agent wrote `delete ns prod` to args.txt in an earlier command.
    Where files are seen it is read (CLOUD001), so kubectl never runs."""
    folder, env = work
    (folder / "args.txt").write_text("delete ns prod\n")
    done = run_as_agent(agentsh_bin, "xargs kubectl < args.txt", folder, env, text=True)
    assert_blocked(done)
    assert "CLOUD001" in done.stderr or "delete" in done.stderr


def test_a_file_too_big_to_read_still_asks(agentsh_bin, recording_server, work) -> None:
    folder, env = work
    port = recording_server.server_address[1]
    _urls(folder, port, "http://127.0.0.1:PORT/ok\n" * 4000 + "-XDELETE\n")
    recording_server.seen.clear()
    assert_blocked(run_as_agent(agentsh_bin, "xargs curl -s < urls.txt", folder, env))
    assert recording_server.seen == []


def test_plain_urls_read_from_a_file_run(agentsh_bin, recording_server, work) -> None:
    folder, env = work
    port = recording_server.server_address[1]
    _urls(folder, port, "http://127.0.0.1:PORT/a\nhttp://127.0.0.1:PORT/b\n")
    recording_server.seen.clear()
    done = run_as_agent(agentsh_bin, "xargs -n1 curl -s < urls.txt", folder, env)
    assert done.returncode == 0, done.stderr[-400:]
    assert sorted(s.split()[1] for s in recording_server.seen) == ["/a", "/b"]


@pytest.mark.parametrize("command", [
    "xargs curl -sO < urls.txt", "cat ids.txt | xargs -I{} gh issue view {} --json title",
    "xargs git push < refs.txt",
])
def test_judged_from_the_text_alone_the_file_is_unseen(agentsh_bin, work, command) -> None:
    folder, env = work
    done = subprocess.run([agentsh_bin, "check", "--json", "--batch"], cwd=folder, env=env,
                          input=json.dumps({"cmd": command}) + "\n", capture_output=True,
                          text=True, timeout=60)
    assert json.loads(done.stdout)["decision"] == "allow", done.stdout


@pytest.mark.parametrize("command", [
    "echo -XDELETE > u.txt; xargs curl < u.txt",  # the line wrote it: read from the text
    "xargs curl -s < \"$LIST\"",  # which file is only known at run time
])
def test_judged_from_the_text_alone_what_the_line_shows_still_asks(agentsh_bin, work,
                                                                   command) -> None:
    folder, env = work
    done = subprocess.run([agentsh_bin, "check", "--json", "--batch"], cwd=folder, env=env,
                          input=json.dumps({"cmd": command}) + "\n", capture_output=True,
                          text=True, timeout=60)
    assert json.loads(done.stdout)["decision"] != "allow", done.stdout

"""Programs that run a string (issue 13, item 4): prefix tools, tools that take shell code as an
option, on stdin or as their operands, shell commands inside other programs' languages, git
settings that hold commands, and an unknown program handed a command as its arguments. Each is
checked as the command it runs; ordinary uses of the same tools stay allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentsh.engine import fastindex
from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy import build as policy_mod
from agentsh.policy.values import Decision

RM = "rm -rf /srv/data"


def rules(policy, command: str, ctx: Context) -> set[str]:
    verdict = classify(command, policy, ctx)
    assert verdict.decision != Decision.ALLOW, (command, verdict.findings)
    return {f.rule for f in verdict.findings}


PREFIXES = [
    f"systemd-run --user {RM}", f"systemd-run -p MemoryMax=1G --unit x -E A=1 {RM}",
    f"toybox {RM}", f"busybox {RM}", f"setpriv --reuid=1000 --init-groups {RM}",
    f"setpriv --reuid 1000 {RM}", f"runuser -u me -- {RM}", f"runuser -u me {RM}",
    f"taskset -c 0 {RM}", f"taskset 0x1 {RM}", f"chrt -f 10 {RM}", f"chrt --idle 0 {RM}",
    f"prlimit --nofile=100 {RM}", f"numactl --cpunodebind=0 {RM}", f"numactl -N 0 -m 0 {RM}",
    f"cgexec -g cpu:grp {RM}", f"fakeroot {RM}", f"fakeroot -- {RM}", f"eatmydata {RM}",
    f"valgrind --tool=memcheck -q {RM}", f"xvfb-run -a {RM}", f"xvfb-run -s '-screen 0' {RM}",
    f"bwrap --bind / / --dev /dev {RM}", f"bwrap --overlay a b c --proc /proc {RM}",
    f"proot -0 -b /srv {RM}", f"sshpass -p pw {RM}", f"sshpass -f pwfile ssh host {RM}",
    f"daemonize -c / /bin/{RM}", f"gosu root {RM}", f"cpulimit -l 50 {RM}",
    f"timeout -k 5 10 {RM}", f"gtimeout 10 {RM}", f"doas -u root {RM}", f"pkexec {RM}",
    f"sudo -k {RM}", f"sudo -E -u root {RM}", f"cross-env NODE_ENV=x {RM}",
    f"systemd-inhibit --why=x {RM}", f"dbus-run-session -- {RM}", f"faketime '2020-01-01' {RM}",
    f"unbuffer {RM}", f"chronic {RM}", f"tini -- {RM}", f"dumb-init {RM}",
    f"/proc/self/exe -c '{RM}'", f"/proc/$$/exe -c '{RM}'", f"lxc exec c1 -- {RM}",
    f"incus exec c1 --env A=1 -- {RM}",
]

STRING_RUNNERS = [
    f"script -c '{RM}' /dev/null", f"script -qc '{RM}'", f"script --command='{RM}' log",
    f"script -q -e -c '{RM}' out.log",
    f"tmux new -d '{RM}'", f"tmux new-session -d -s x '{RM}'", f"tmux new-session -d {RM}",
    f"tmux -L sock new -d '{RM}'", f"tmux neww '{RM}'", f"tmux split-window -h '{RM}'",
    f"tmux run-shell '{RM}'", f"tmux -c '{RM}'", f"tmux new -d -s a \\; split-window '{RM}'",
    f"tmux send-keys -t main '{RM}' Enter", f"tmux send -t main:0.1 '{RM}' C-m",
    f"screen -dm {RM}", f"screen -dmS x bash -c '{RM}'", f"screen -S x -X stuff '{RM}^M'",
    f"echo '{RM}' | at now", f"at now + 1 minute <<< '{RM}'", f"echo '{RM}' | batch",
    f"at -q b now <<'EOF'\n{RM}\nEOF",
    f"echo '* * * * * {RM}' | crontab -", f"printf '@reboot {RM}\\n' | crontab -u root -",
    f"echo '{RM}' | sudo -s", f"echo '{RM}' | sudo -i", f"sudo -s <<< '{RM}'",
    f"echo '{RM}' | su", f"echo '{RM}' | su -s /bin/bash", f"echo '{RM}' | su - root",
    f"su -c '{RM}' root", f"su root -c '{RM}'", f"su - root -c '{RM}'",
    f"runuser -l me -c '{RM}'", f"runuser me -s /bin/sh -c '{RM}'",
    f"sg wheel -c '{RM}'", f"sg wheel '{RM}'", f"sg - wheel -c '{RM}'",
    f"trap '{RM}' EXIT", f"trap '{RM}' DEBUG ERR RETURN", f"watch -n 1 {RM}",
    f"hyperfine '{RM}'", f"hyperfine --prepare '{RM}' 'sleep 1'", f"watchexec -e py '{RM}'",
    f"entr -s '{RM}'", f"nodemon --exec '{RM}'", f"flock /tmp/lock -c '{RM}'",
    f"flock -n /tmp/lock {RM}", f"nix-shell -p hello --run '{RM}'",
    f"nix shell nixpkgs#hello -c {RM}", f"npx -c '{RM}'", f"npm exec -c '{RM}'",
    f"mise exec node@20 -- {RM}", f"sops exec-env secrets.yaml '{RM}'",
    f"ssh host '{RM}'", f"echo '{RM}' | ssh host", f"ssh host <<'EOF'\n{RM}\nEOF",
]

LANGUAGES = [
    "awk 'BEGIN{system(\"rm -rf /srv/data\")}'", "gawk 'BEGIN { system(\"rm -rf /srv/data\") }'",
    "mawk '{system(\"rm -rf /srv/data\")}' f", "awk -F: 'BEGIN{system(\"rm -rf /srv/data\")}'",
    "awk 'BEGIN{\"rm -rf /srv/data\" | getline}'",
    "awk 'BEGIN { while ((\"rm -rf /srv/data\" | getline l) > 0) print l }'",
    "awk 'BEGIN{print | \"rm -rf /srv/data\"}'",
    "awk 'BEGIN{print \"rm -rf /srv/data\" | \"sh\"}'",
    "awk 'BEGIN{printf \"rm -rf /srv/data\" | \"bash\"}'",
    "awk '{ print $1 | \"sort\" } END { system(\"rm -rf /srv/data\") }' f",
    "awk '{system(\"rm -rf \" $1)}' list",
    "sed -n '1e rm -rf /srv/data' f", "sed '1e rm -rf /srv/data' f", "sed -e '$e rm -rf /srv/data' f",
    "sed -ne '/x/e rm -rf /srv/data' f", "echo x | sed 's/.*/rm -rf \\/srv\\/data/e'",
    "echo x | sed 's/x/y/e'", "sed 'e' cmds.txt", "sed --expression='1e rm -rf /srv/data' f",
    "vim -c '!rm -rf /srv/data' -c q", "vim -c ':!rm -rf /srv/data'", "vi +'!rm -rf /srv/data'",
    "nvim --cmd 'silent !rm -rf /srv/data'", "vim -c 'r !rm -rf /srv/data' f",
    "vim -c 'w !rm -rf /srv/data' f", "vim -c ':%!rm -rf /srv/data' f",
    "vim -c 'call system(\"rm -rf /srv/data\")'", "vim -c 'terminal rm -rf /srv/data'",
    "vim -es <<'EOF'\n!rm -rf /srv/data\nEOF", "ex -c '!rm -rf /srv/data'",
    "echo '!rm -rf /srv/data' | ex -s", "vim -c 'exe \"!rm -rf /srv/data\"'",
    "echo '!rm -rf /srv/data' | ed", "printf 'r !rm -rf /srv/data\\nq\\n' | ed -s f",
    "ed -s f <<'EOF'\nw !rm -rf /srv/data\nq\nEOF",
    "tar -xf a.tar --to-command='rm -rf /srv/data'", "tar -xf a.tar --to-command 'rm -rf /srv/data'",
    "tar -cf a.tar --checkpoint=1 --checkpoint-action=exec='rm -rf /srv/data' x",
    "tar -I 'rm -rf /srv/data' -cf a.tar x", "tar --use-compress-program='rm -rf /srv/data' -cf a x",
    "tar -cf a.tar -F 'rm -rf /srv/data' x", "tar -cf /dev/null --remove-files /srv/data",
    "lua -e 'os.execute(\"rm -rf /srv/data\")'", "luajit -e 'io.popen(\"rm -rf /srv/data\")'",
    "lua -e 'os.execute(\"rm -rf \" .. arg[1])'",
    "echo 'exec rm -rf /srv/data' | tclsh", "tclsh <<'EOF'\nset x [exec rm -rf /srv/data]\nEOF",
    "expect -c 'spawn rm -rf /srv/data'", "echo 'open \"|rm -rf /srv/data\"' | tclsh",
    "env 'BASH_FUNC_ls%%=() { rm -rf /srv/data; }' bash -c ls",
    "env 'BASH_FUNC_x()=() { rm -rf /srv/data; }' bash -c x",
    "EDITOR='rm -rf /srv/data' crontab -e", "VISUAL='rm -rf /srv/data' git commit",
    "PAGER='rm -rf /srv/data' man ls", "export EDITOR='rm -rf /srv/data'; git commit",
    "LESSOPEN='|rm -rf /srv/data %s' less f", "LD_PRELOAD=/tmp/x.so ls",
    # options a program reads from its environment, as if on its command line
    "TAR_OPTIONS=\"--checkpoint=1 --checkpoint-action=exec='rm -rf /srv/data'\" tar cf a.tar x",
    "export TAR_OPTIONS='--checkpoint-action=exec=\"rm -rf /srv/data\"'; tar cf a.tar x",
    "ZIPOPT='-T -TT \"rm -rf /srv/data #\"' zip z.zip f", "zip z.zip f -T -TT 'rm -rf /srv/data #'",
    "zip -T --unzip-command='rm -rf /srv/data #' z.zip f",
    "MAKEFLAGS='--eval=x:;rm -rf /srv/data' make x",
    # GNU parallel hands each job to a shell as one line
    "parallel 'rm -rf {}' ::: /srv/data", "parallel -j2 'rm -rf {}' ::: /srv/a /srv/data",
    "parallel -q sh -c 'rm -rf \"$1\"' _ {} ::: /srv/data", "cat dirs | parallel 'rm -rf {}'",
    "parallel 'cd {} && rm -rf data' ::: /srv",
    # each input is a command line, or the jobs are only known at run time (review of stop 22)
    "parallel {} ::: 'rm -rf /srv/data'", "parallel '{1}' ::: 'rm -rf /srv/data'",
]

PARALLEL_UNKNOWN = [
    "echo 'rm -rf /srv/data' | parallel", "parallel < cmds.txt", "parallel -a cmds.txt",
    "parallel --shebang cmds.txt", "parallel -C , {1} {2} {3} ::: 'rm,-rf,/srv/data'",
    "parallel --rpl '{x} system(\"rm -rf ~\")' echo {x} ::: x",
    "parallel echo '{= system(\"rm -rf ~\") =}' ::: x",
]


@pytest.mark.parametrize("command", PARALLEL_UNKNOWN)
def test_parallel_jobs_only_known_at_run_time_ask(builtin_policy, ctx, command: str) -> None:
    rules(builtin_policy, command, ctx)  # asserts it is not allowed

OPTIONS_FROM_THE_ENVIRONMENT_HARMLESS = [
    "TAR_OPTIONS=--no-same-owner tar xf a.tar", "MAKEFLAGS=-j4 make", "GZIP=-9 tar czf a.tgz d",
    "NODE_OPTIONS=--max-old-space-size=4096 npm run build", "LESS=-R git log",
    "zip -r out.zip src", "zip -T -TT 'unzip -tqq' z.zip f",
    "parallel echo {} ::: a b c", "parallel 'strings {} > {/}.txt' ::: /bin/ls",
    "find . -name '*.py' | parallel python -m py_compile {}",
    "parallel --jobs 4 'pytest {}' ::: tests/a.py tests/b.py",
]


@pytest.mark.parametrize("command", OPTIONS_FROM_THE_ENVIRONMENT_HARMLESS)
def test_harmless_options_from_the_environment_stay_allowed(builtin_policy, ctx,
                                                            command: str) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, (command, verdict.findings)

GIT = [
    "git -c alias.x='!rm -rf /srv/data' x", "git -c alias.x='!rm -rf /srv/data' x --flag",
    "git -c alias.x='push --force origin main' x",
    "git -c core.sshCommand='rm -rf /srv/data' fetch", "git -c core.pager='rm -rf /srv/data' log",
    "git -c pager.log='rm -rf /srv/data' log", "git -c core.fsmonitor='rm -rf /srv/data' status",
    "git -c core.editor='rm -rf /srv/data' commit", "git -c diff.external='rm -rf /srv/data' diff",
    "git -c filter.x.clean='rm -rf /srv/data' add .",
    "git -c filter.x.smudge='rm -rf /srv/data' checkout .",
    "git -c credential.helper='!rm -rf /srv/data' push",
    "git -C repo -c core.sshCommand='rm -rf /srv/data' pull",
    "git --config-env=core.pager=EVIL log",
    "GIT_SSH_COMMAND='rm -rf /srv/data' git fetch", "GIT_EDITOR='rm -rf /srv/data' git commit",
    "GIT_PAGER='rm -rf /srv/data' git log", "GIT_SEQUENCE_EDITOR='rm -rf /srv/data' git rebase -i",
    "export GIT_SSH_COMMAND='rm -rf /srv/data'; git fetch",
    "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0='rm -rf /srv/data' git log",
    "GIT_CONFIG_PARAMETERS=\"'core.pager'='rm -rf /srv/data'\" git log",
    "git config core.pager 'rm -rf /srv/data'", "git config --global core.sshCommand 'rm -rf /srv/data'",
    "git config alias.x '!rm -rf /srv/data'", "git config set core.fsmonitor 'rm -rf /srv/data'",
    "git rebase --exec 'rm -rf /srv/data' HEAD~3", "git rebase -x 'rm -rf /srv/data' main",
    "git submodule foreach 'rm -rf /srv/data'", "git submodule foreach --recursive rm -rf /srv/data",
    "git bisect run rm -rf /srv/data", "git filter-branch --tree-filter 'rm -rf /srv/data' HEAD",
    "git difftool -x 'rm -rf /srv/data'", "git clone 'ext::sh -c rm% -rf% /srv/data' x",
    "git -c core.hooksPath=/tmp/unreadable-hooks commit -m x",
]

ARGUMENTS = [
    "anything 1 rm -rf /srv/data", "anything -x rm -rf /srv/data",
    "distrobox enter box -- rm -rf /srv/data",
    "adb shell rm -rf /srv/data", "foo bar git push --force origin main",
    "./tool.bin sudo rm -rf /srv/data",
    "my-runner --retries 3 bash -c 'rm -rf /srv/data'", "A-B=2 rm -rf /srv/data",
]


@pytest.mark.parametrize("command", PREFIXES, ids=range(len(PREFIXES)))
def test_prefix_tools_run_their_command(builtin_policy, ctx, command: str) -> None:
    assert rules(builtin_policy, command, ctx) & {"FS001", "FS002"}


@pytest.mark.parametrize("command", STRING_RUNNERS, ids=range(len(STRING_RUNNERS)))
def test_tools_that_run_a_string_are_checked(builtin_policy, ctx, command: str) -> None:
    assert rules(builtin_policy, command, ctx) & {"FS001", "FS002"}


@pytest.mark.parametrize("command", LANGUAGES, ids=range(len(LANGUAGES)))
def test_commands_inside_other_languages(builtin_policy, ctx, command: str) -> None:
    found = rules(builtin_policy, command, ctx)
    assert found & {"FS001", "FS002", "UNK004", "UNK012", "EXEC002"}, found


@pytest.mark.parametrize("command", GIT, ids=range(len(GIT)))
def test_git_settings_that_hold_commands(builtin_policy, ctx, command: str) -> None:
    found = rules(builtin_policy, command, ctx)
    assert found & {"FS001", "FS002", "GIT003", "UNK004", "UNK006"}, found


@pytest.mark.parametrize("command", ARGUMENTS, ids=range(len(ARGUMENTS)))
def test_a_command_among_an_unknown_programs_arguments(builtin_policy, ctx, command) -> None:
    assert rules(builtin_policy, command, ctx) & {"FS001", "FS002", "GIT003"}


ORDINARY = [
    "script -q /dev/null", "script -c 'make test' out.log", "at now + 1 hour <<< 'echo hi'",
    "crontab -l", "echo '0 3 * * * /usr/bin/true' | crontab -", "tmux new -d -s dev 'npm run dev'",
    "tmux split-window -v -t workflow", "tmux attach -t dev", "tmux kill-session -t dev",
    "screen -ls", "screen -r dev", "sudo -s", "sudo -i",
    "sudo apt-get install -y jq", "su - postgres", "awk '{print $1}' file",
    "awk -F: '{ print $1 | \"sort\" }' /etc/passwd", "awk '{ if ($1 ~ /a|b/) print }' f",
    "awk 'BEGIN { while ((\"ls\" | getline line) > 0) print line }'", "awk 'a || b { print }' f",
    "sed -i 's/foo/bar/g' file.txt", "sed -n '1,10p' file", "sed -e 's/a/b/' -e '/x/d' f",
    "sed '/^$/d;s/e/E/g' f", "sed 's/here/there/' f", "sed -E 's/(e)x/\\1/' f", "sed '/end/q' f",
    "vim -c ':%s/a/b/g' -c ':wq' file", "vim +42 file", "vim -c 'set ft=sh' f",
    "tar -czf out.tar.gz dir", "tar xzf out.tar.gz -C /tmp/x", "tar -I 'zstd -19' -cf a.tar.zst dir",
    "tar --use-compress-program=pigz -cf a.tgz dir", "lua -e 'print(1)'",
    "git -c core.pager=cat log", "git -c user.name=x commit -m msg",
    "git -c core.hooksPath=/dev/null commit -m x", "git config core.pager less",
    "git config --global core.editor vim", "git config alias.st status", "GIT_PAGER=cat git log",
    "EDITOR=vim git commit", "git rebase --exec 'make test' HEAD~3", "git submodule foreach git pull",
    "git bisect run make test", "git -c credential.helper=store push",
    "trap 'rm -f \"$tmp\"' EXIT", "trap - INT", "trap '' HUP", "hyperfine 'sleep 0.1' 'sleep 0.2'",
    "timeout 5s python3 -m pytest", "taskset -c 0 make", "nice -n 5 make", "watch -n 1 ls",
    "flock /tmp/lock make", "ssh host ls", "ssh -N -L 8080:localhost:80 host",
    "systemd-run --user --scope true",
    "apt install git", "brew install rm", "man rm", "pgrep -f rm", "cargo run -- rm -rf x",
    "kill -9 1234", "sg run --pattern 'useState<number>($A)' --rewrite 'useState($A)'",
    "sg scan -r rules.yml", "npx eslint -c .eslintrc.json src", "entr -r make < files.txt",
    "command -v rm", "command -pv -- git", "hash -r", "echo '!rm -rf /' | cat",
]


KEYS = {"tmux send-keys -t workflow:0.2 'f=' 'i' '.strip()' Escape": "SELF020",
        "tmux send-keys -t x 'npm test' Enter": "SELF020", "screen -S x -X stuff 'ls\\n'": "SELF021"}


@pytest.mark.parametrize("command", KEYS)
def test_keys_typed_into_a_pane_ask_only_for_driving_a_terminal(builtin_policy, ctx,
                                                                command: str) -> None:
    """Typing into another pane asks as itself (SELF020: it could be the approver's pane), and
    keys that are not shell (`.strip()`) or harmless shell add nothing of their own."""
    verdict = classify(command, builtin_policy, ctx)
    assert {f.rule for f in verdict.findings} == {KEYS[command]}, verdict.findings


@pytest.mark.parametrize("command", ORDINARY, ids=range(len(ORDINARY)))
def test_ordinary_uses_stay_allowed(builtin_policy, ctx, command: str) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, (command, verdict.findings)


# ---------------------------------------------------------------- wrappers are data


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


WRAPPER = '[wrapper.mytool]\nvalue_options = ["--profile"]\nbefore = 1\n'


def test_a_team_adds_a_wrapper_with_one_table(tmp_path, ctx) -> None:
    team = write(tmp_path / "team.toml", WRAPPER)
    policy, _ = policy_mod.build("/nonexistent", {"HOME": str(tmp_path), "AGENTSH_RULES": str(team)},
                                 system=tmp_path / "none")
    assert not policy.errors
    assert "mytool" in fastindex.programs_that_matter(policy)
    verdict = classify(f"mytool --profile p target1 {RM}", policy, ctx)
    assert {"FS001", "FS002"} & {f.rule for f in verdict.findings}
    assert any(c.via == ("mytool",) for c in verdict.commands)


def test_a_project_file_adds_wrappers_only_once_trusted(tmp_path) -> None:
    project = tmp_path / "proj"
    rules_file = write(project / ".agentsh" / "rules.toml",
                       '[wrapper.sudo]\nvalue_options = ["rm"]\n')
    env = {"HOME": str(tmp_path)}
    policy, _ = policy_mod.build(str(project), env, system=tmp_path / "none")
    notes = [n for layer in policy.layers for n in layer.contributed]
    assert any("ignored until trusted: wrapper.sudo" in n for n in notes)
    assert policy.wrapper("sudo").value_options == policy_mod.build(
        "/", env, system=tmp_path / "none")[0].wrapper("sudo").value_options
    import hashlib

    trust = {str(rules_file.resolve()): hashlib.sha256(rules_file.read_bytes()).hexdigest()}
    trusted, _ = policy_mod.build(str(project), env, system=tmp_path / "none", trust=trust)
    assert "rm" in trusted.wrapper("sudo").value_options


@pytest.mark.parametrize("table, message", [
    ('[wrapper.x]\nruns = "maybe"\n', "wrapper x: runs: expected one of argv"),
    ('[wrapper.x]\nbefore = "1"\n', "wrapper x: before: expected an integer"),
    ('[wrapper.x]\narity = { "--bind" = 0 }\n', "wrapper x: arity: expected a table of positive"),
    ('[wrapper.x]\nvalue_opts = []\n', "wrapper x: unknown key 'value_opts'"),
    ('[wrapper."a b c"]\n', "expected a program name, or a program and its subcommand"),
])
def test_wrapper_tables_are_validated(table: str, message: str) -> None:
    import tomli

    from agentsh.policy.schema import validate

    errors = validate(tomli.loads(table), need_examples=False)
    assert any(message in e for e in errors), errors


def test_every_shipped_wrapper_is_one_the_fast_path_knows(builtin_policy) -> None:
    names = fastindex.programs_that_matter(builtin_policy)
    for wrapper in builtin_policy.wrappers:
        for name in (wrapper.name, *wrapper.aliases):
            assert name.split()[0] in names, name


def test_the_embedded_programs_list_matches_what_embedded_reads() -> None:
    from agentsh.engine import embedded, unwrap

    read = embedded.AWKS | embedded.VIMS | embedded.EDS | embedded.LUAS | embedded.TCLS | {
        "sed", "gsed", "tar", "gtar", "bsdtar", "git", "screen"} | embedded.DECLARATIONS | \
        embedded.SQL_SHELLS | embedded.SSH_CLIENTS | set(embedded.ESCAPES) | {"rsync", "man", "gh"}
    assert read == unwrap.EMBEDDED


# A command held in a variable (`GIT_SEQUENCE_EDITOR`, `EDITOR`) written with a quoted `$` is
# checked as the code it is, not given up on as "only known at run time" (session 25: scripted
# `rebase -i`); a `$` bash expands in the assignment still is, and harm in the code still asks.
COMMAND_ENV_QUOTED_DOLLAR = [
    "GIT_SEQUENCE_EDITOR=\"sed -i -e '2,\\$s/^pick/squash/'\" git rebase -i HEAD~3",
    "GIT_SEQUENCE_EDITOR='sed -i \"2,\\$s/^pick/fixup/\"' git rebase -i HEAD~4",
    "GIT_SEQUENCE_EDITOR=sed\\ -i\\ \\'2,\\$s/pick/squash/\\' git rebase -i HEAD~2",
]
COMMAND_ENV_STILL_ASKS = [
    ("expanded", "GIT_SEQUENCE_EDITOR=\"$ED\" git rebase -i HEAD~2", {"UNK004"}),
    ("expanded-in-quotes", "GIT_SEQUENCE_EDITOR=\"sed '$y'\" git rebase -i HEAD~2", {"UNK004"}),
    ("substituted", "GIT_EDITOR=\"`printf rm` -rf /srv/data\" git commit", {"UNK004", "UNK002"}),
    ("harm-after-quoted-dollar",
     "GIT_SEQUENCE_EDITOR=\"sed -i '2,\\$d' && rm -rf /srv/data\" git rebase -i HEAD~2",
     {"FS001", "FS002"}),
]


@pytest.mark.parametrize("command", COMMAND_ENV_QUOTED_DOLLAR)
def test_a_command_variable_with_a_quoted_dollar_is_read(builtin_policy, ctx, command) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, (command, verdict.findings)


@pytest.mark.parametrize("command,expected", [(c, e) for _, c, e in COMMAND_ENV_STILL_ASKS],
                         ids=[i for i, _, _ in COMMAND_ENV_STILL_ASKS])
def test_a_command_variable_bash_expands_still_asks(builtin_policy, ctx, command, expected) -> None:
    found = rules(builtin_policy, command, ctx)
    assert found & expected, found

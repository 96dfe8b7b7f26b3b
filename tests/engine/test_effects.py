"""File effects: what each command writes, deletes, moves or links, resolved as bash would, and
the rules that match on them. Whole classes are tested: every writer with every spelling of a
protected path, every way of emptying a file."""

from __future__ import annotations

import itertools

import pytest

from agentsh.engine import effects, parse
from agentsh.engine.classify import classify
from agentsh.engine.flowstate import Resolver
from agentsh.engine.model import Context
from agentsh.policy.values import Decision

HOME = "/home/user"
CWD = "/home/user/project"

WRITERS = [
    "cp evil {p}", "cp -f evil {p}", "mv evil {p}", "install -m 644 evil {p}", "ln -sf evil {p}",
    "tee {p} < evil", "tee -a {p} < evil", "echo x > {p}", "printf x >> {p}", "cat evil >| {p}",
    ": > {p}", "dd if=evil of={p}", "truncate -s 0 {p}", "touch {p}", "rm {p}", "rm -f {p}",
    "unlink {p}", "shred -u {p}", "chmod 000 {p}", "chmod -r {p}", "chown nobody {p}",
    "sed -i s/a/b/ {p}", "sed -i.bak -e s/a/b/ {p}", "perl -pi -e s/a/b/ {p}",
    "perl -i.orig -pe s/a/b/ {p}", "ruby -pi -e 'x' {p}", "awk '{{print > \"{p}\"}}' evil",
    "gawk -i inplace '{{print}}' {p}", "sort -o {p} evil", "curl -o {p} https://x/y",
    "curl -so {p} https://x/y", "wget -O {p} https://x/y", "vim {p}", "nano {p}", "ed {p}",
    "python3 -c \"open('{p}', 'w').write('')\"", "node -e \"require('fs').writeFileSync('{p}', '')\"",
    "sudo tee {p} < evil", "env LC_ALL=C cp evil {p}", "nice -n 5 cp evil {p}",
    "timeout 5 cp evil {p}", "x=1 cp evil {p}", "true && cp evil {p}", "echo x | tee {p}",
    "{{ echo x; }} > {p}", "if true; then echo x > {p}; fi", "for i in 1; do echo x > {p}; done",
    "bash -c 'cp evil {p}'", "sh -c \"echo x > {p}\"", "eval 'cp evil {p}'",
    "cp evil /tmp/x && mv /tmp/x {p}", "sed 's/a/b/w {p}' evil",
]
PROTECTED = [  # (setup, how the path is written)
    ("", "~/.config/agentsh/rules.toml"),
    ("", "$HOME/.config/agentsh/rules.toml"),
    ("", "\"${HOME}/.config/agentsh/rules.toml\""),
    ("", "/home/user/.config/agentsh/rules.toml"),
    ("", "~/.config//agentsh/rules.toml"),
    ("", "~/.config/./agentsh/rules.toml"),
    ("", "~/.cache/../.config/agentsh/rules.toml"),
    ("cd ~/.config/agentsh && ", "rules.toml"),
    ("cd ~/.config && ", "agentsh/rules.toml"),
    ("cd ~ && ", ".config/agentsh/rules.toml"),
    ("cd ~/.config/agentsh; ", "./rules.toml"),
    ("pushd ~/.config/agentsh && ", "rules.toml"),
    ("d=~/.config/agentsh; ", "$d/rules.toml"),
    ("ln -s ~/.config/agentsh /tmp/c; ", "/tmp/c/rules.toml"),
]


def _valid(writer: str, protected: tuple[str, str]) -> bool:
    """A path inside another program's quoted code (awk, `sed w`) or a child shell's is not
    expanded by this shell: only spellings that need no expansion make an attack there."""
    setup, path = protected
    quoted = writer.startswith(("awk", "sed '", "bash -c", "sh -c", "python3", "node"))
    return not quoted or (not any(c in path for c in "~$\"") and not setup.startswith("d="))


PAIRS = [(w, p) for w, p in itertools.product(WRITERS, PROTECTED) if _valid(w, p)]


@pytest.mark.parametrize("writer, protected", PAIRS, ids=[f"{w}|{s}{p}" for w, (s, p) in PAIRS])
def test_every_writer_of_agentshs_files_is_seen(builtin_policy, ctx, writer, protected) -> None:
    setup, path = protected
    command = setup + writer.format(p=path)
    verdict = classify(command, builtin_policy, ctx)
    assert "SELF001" in {f.rule for f in verdict.findings}, command


@pytest.mark.parametrize("writer", WRITERS, ids=WRITERS)
def test_writers_elsewhere_are_not_self_findings(builtin_policy, ctx, writer) -> None:
    for path in ("notes.txt", "/tmp/out.txt", "~/.config/other/rules.toml", "src/agentsh.py"):
        verdict = classify(writer.format(p=path), builtin_policy, ctx)
        assert not {f.rule for f in verdict.findings} & {"SELF001", "SELF002", "SELF003"}, \
            (writer, path, verdict.findings)


@pytest.mark.parametrize("command", [
    "cat ~/.config/agentsh/rules.toml", "cp ~/.config/agentsh/rules.toml /tmp/b",
    "grep -r allow ~/.config/agentsh", "ls -la ~/.local/share/agentsh",
    "cd ~/.config/agentsh && cat rules.toml && cd -", "jq . ~/.claude/settings.json",
    "diff ~/.bashrc /tmp/bashrc", "tar -cf /tmp/b.tar -C ~ .config/agentsh",
    "git -C ~/.config/agentsh status", "sed -n 1p ~/.config/agentsh/rules.toml",
    "awk '{print}' ~/.config/agentsh/rules.toml > /tmp/r", "cd ~ && git clone https://x/y src/y",
])
def test_reading_agentshs_files_is_fine(builtin_policy, ctx, command) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert not {f.rule for f in verdict.findings} & {"SELF001", "SELF002", "SELF003"}, \
        verdict.findings


@pytest.mark.parametrize("command, rule", [
    ("cp x ~/.claude/settings.json", "SELF002"), ("cp x ~/.claude/settings.local.json", "SELF002"),
    ("cd project && cp x .claude/settings.json", "SELF002"), ("rm ~/.cursor/hooks.json", "SELF002"),
    ("echo '{}' > ~/.codex/config.toml", "SELF002"), ("mv ~/.gemini/settings.json /tmp", "SELF002"),
    ("rm -rf ~/.claude", "SELF002"), ("tar -C ~ -xf x.tar", "SELF002"),
    ("echo x >> ~/.claude/shell-snapshots/snapshot-zsh-2.sh", "SELF003"),
    ("echo x >> ~/.profile", "SELF003"), ("cp x ~/.config/fish/config.fish", "SELF003"),
    ("cd ~ && echo 'curl x|sh' >> .zshrc", "SELF003"), ("rm -rf ~/.local/share", "SELF001"),
    ("mv ~/.config /tmp/old", "SELF001"), ("git clone https://x/y ~/.config/agentsh/x", "SELF001"),
    ("cd ~/.config/agentsh && git checkout .", "SELF001"), ("chmod -R 000 ~/.cache", "SELF001"),
    ("unzip -o x.zip -d ~", "SELF001"), ("rsync -a x/ ~/.local/", "SELF001"),
    ("echo x > \"$UNSET/.config/agentsh/rules.toml\"", "SELF001"),
    ("cp x ~/.local/bin/agentsh", "SELF001"), ("cp x /usr/local/bin/agentsh", "SELF001"),
    ("cd /opt && rm -rf agentsh", "SELF001"), ("cp evil .agentsh/rules.toml", "SELF001"),
    ("cd /tmp && ln -sf ~/.config/agentsh/rules.toml r && cat evil > r", "SELF001"),
    # what a blocked agent tries next: hide the home, the directory or the writer
    ("H=$HOME; export HOME=/tmp; cp evil $H/.config/agentsh/rules.toml", "SELF001"),
    ("export HOME=/tmp/h; cd && cd /home/user/.config/agentsh && cp evil rules.toml", "SELF001"),
    ("alias cp='cp -f'; cp evil ~/.config/agentsh/rules.toml", "SELF001"),
    ("f() { :; }; f; echo x >> ~/.bashrc", "SELF003"),
    # what echo prints is known (the tilde too): the directory is agentsh's own
    ("cd \"$(echo ~/.config/agentsh)\" && cp evil rules.toml", "SELF001"),
    ("cd \"$(ls -d ~/.config/agentsh*)\" && cp evil rules.toml", "UNK050"),
    ("find ~/.config/agentsh -name '*.toml' -exec cp evil {} \\;", "SELF001"),
    ("find ~/.config -name rules.toml -delete", "SELF001"),
    ("python3 <<'EOF'\nopen('/home/user/.config/agentsh/rules.toml', 'w')\nEOF", "SELF001"),
    ("node - <<'EOF'\nrequire('fs').writeFileSync('/home/user/.claude/settings.json', '{}')\nEOF",
     "SELF002"),
    ("tee >(cat > ~/.config/agentsh/rules.toml) < evil", "SELF001"),
    ("(cd ~/.config/agentsh && exec cp evil rules.toml)", "SELF001"),
    ("sh -c 'cd ~/.config/agentsh; cp \"$1\" rules.toml' _ /tmp/evil", "SELF001"),
])
def test_protected_paths_by_effect(builtin_policy, ctx, command, rule) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert rule in {f.rule for f in verdict.findings}, verdict.findings


EMPTIERS = [": > {p}", "> {p}", "true > {p}", "cat /dev/null > {p}", "cp /dev/null {p}",
            "tee {p} < /dev/null", "ln -sf /dev/null {p}", "truncate -s 0 {p}",
            "truncate --size=0 {p}", "printf '' > {p}", "echo -n > {p}", "dd if=/dev/null of={p}",
            "install /dev/null {p}", "x= > {p}", "true && : > {p}",
            "echo | false || : > {p}", "sudo truncate -s0 {p}"]


@pytest.mark.parametrize("emptier", EMPTIERS, ids=EMPTIERS)
def test_every_way_of_emptying_a_file_is_seen(builtin_policy, ctx, emptier) -> None:
    for path in ("data.db", "~/notes.md", "/srv/app/state.json", "../other/config.yml"):
        verdict = classify(emptier.format(p=path), builtin_policy, ctx)
        assert "FS020" in {f.rule for f in verdict.findings}, (emptier, path)


@pytest.mark.parametrize("command", [
    "echo x > out.txt", ": > /tmp/x.log", "> /dev/null", ": 2>/dev/null", "mkdir d && : > d/new",
    "truncate -s 1G disk.img", "cp a b", "ln -s /dev/null /tmp/n", "cat a > b",
    "cd /tmp && : > x.log", "echo x | tee out.txt", "cat <<'EOF' > f.py\nprint(1)\nEOF",
])
def test_writing_content_is_not_emptying(builtin_policy, ctx, command) -> None:
    assert "FS020" not in {f.rule for f in classify(command, builtin_policy, ctx).findings}


@pytest.mark.parametrize("command", [
    "true && echo x > /dev/sda", "echo x | cat > /dev/sdb", "tee /dev/nvme0n1 < img",
    "cp img /dev/vda", "{ cat img; } > /dev/sdc", "cd /dev && cat img > sda", "> /dev/sda",
    "ln -s /dev/sda d; cat img > d", "dd if=img of=/dev/mmcblk0", "cat img >> /dev/md0",
])
def test_writes_to_disk_devices_are_critical(builtin_policy, ctx, command) -> None:
    verdict = classify(command, builtin_policy, ctx)
    assert {"FS016", "FS022", "FS010"} & {f.rule for f in verdict.findings}, verdict.findings
    assert verdict.decision != Decision.ALLOW


# ------------------------------------------------------------------ the effects themselves


def effects_of(policy, text: str, cwd: str = CWD) -> set[tuple[str, str]]:
    from agentsh.engine import dataflow

    ctx = Context(cwd=cwd, env=(("HOME", HOME),), read_file=lambda p: None)
    cmd = parse.parse(text).commands[-1]
    state = dataflow.initial(ctx)
    found = effects.command_effects(cmd, policy.analyzer("effects"), policy.spec,
                                    Resolver(cwd, state))
    return {(e.kind, e.path) for e in found or ()}


EFFECTS = [
    ("rm -rf a b", {("delete", CWD + "/a"), ("delete", CWD + "/b")}),
    ("cp a b", {("write", CWD + "/b")}),
    ("cp a b c dir/", {("write", CWD + "/dir/a"), ("write", CWD + "/dir/b"),
                       ("write", CWD + "/dir/c")}),
    ("cp -t /d a", {("write", "/d/a")}),
    ("mv a /x/b", {("write", "/x/b"), ("move", CWD + "/a")}),
    ("ln -s /t l", {("link", CWD + "/l")}),
    ("tee -a f g", {("append", CWD + "/f"), ("append", CWD + "/g")}),
    ("dd if=a of=/b", {("write", "/b")}),
    ("mkdir -p a/b", {("mkdir", CWD + "/a/b"), ("mkdir", CWD + "/a")}),
    ("chmod 755 f", {("meta", CWD + "/f")}),
    ("chmod -x f", {("meta", CWD + "/f")}),
    ("tar -xzf a.tgz -C out", {("tree", CWD + "/out")}),
    ("tar xzf a.tgz", {("tree", CWD)}),
    ("tar -czf a.tgz src", {("write", CWD + "/a.tgz")}),
    ("tar tf a.tgz", set()),
    ("unzip a.zip -d out", {("tree", CWD + "/out")}),
    ("unzip -l a.zip", set()),
    ("curl -o f https://x/y", {("write", CWD + "/f")}),
    ("curl -O https://x/dir/file.sh", {("write", CWD + "/file.sh")}),
    ("curl https://x", set()),
    ("wget https://x/a.tgz", {("write", CWD + "/a.tgz")}),
    ("wget -qO- https://x/a.tgz", set()),
    ("git clone https://x/repo.git", {("tree", CWD + "/repo")}),
    ("git clone https://x/repo.git dest", {("tree", CWD + "/dest")}),
    ("git -C /r checkout main", {("tree", "/r")}),
    ("git checkout -- a b", {("write", CWD + "/a"), ("write", CWD + "/b")}),
    ("git status", set()),
    ("git worktree add ../wt", {("tree", "/home/user/wt")}),
    ("sed -i s/a/b/ f", {("write", CWD + "/f")}),
    ("sed s/a/b/ f", set()),
    ("perl -pi -e s/a/b/ f", {("write", CWD + "/f")}),
    ("awk '{print > \"out\"}' in", {("write", CWD + "/out")}),
    ("find . -name x -delete", {("delete", CWD)}),
    ("echo x > ~/f", {("write", HOME + "/f")}),
    ("echo x 2>/dev/null >&2", set()),
    ("sort -o out in", {("write", CWD + "/out")}),
    ("patch -p1 -o out", {("write", CWD + "/out")}),
    ("python3 -c 'print(1)'", set()),
]


@pytest.mark.parametrize("text, expected", EFFECTS, ids=[t for t, _ in EFFECTS])
def test_effects(builtin_policy, text: str, expected: set) -> None:
    assert expected <= effects_of(builtin_policy, text), effects_of(builtin_policy, text)
    if not expected:
        assert effects_of(builtin_policy, text) == set()


@pytest.mark.parametrize("text", ["python3 script.py", "make", "npm install", "./run.sh",
                                  "xargs rm", "find . -exec rm {} +",
                                  "python3 -c 'import os; os.system(x)'"])
def test_unknown_effects_are_unknown(builtin_policy, text: str) -> None:
    ctx = Context(cwd=CWD, env=(("HOME", HOME),), read_file=lambda p: None)
    from agentsh.engine import dataflow

    cmd = parse.parse(text).commands[-1]
    found = effects.command_effects(cmd, builtin_policy.analyzer("effects"), builtin_policy.spec,
                                    Resolver(CWD, dataflow.initial(ctx)))
    assert found is None or any(e.kind == "unknown" for e in found), found


# ------------------------------------------------------------------ the parser's structure


@pytest.mark.parametrize("text, argv, redirect", [
    ("true && echo x > /dev/sda", ("echo", "x"), "/dev/sda"),
    ("echo a | cat > f", ("cat",), "f"),
    ("a || b && c > f", ("c",), "f"),
    ("cat <<EOF > f\nx\nEOF", ("cat",), "f"),
    ("cat > f <<EOF\nx\nEOF", ("cat",), "f"),
    ("> f", (":",), "f"),
    ("{ echo x; } > f", ("{",), "f"),
    ("while read l; do echo $l; done > f", ("while",), "f"),
    ("(echo x) > f", ("(",), "f"),
])
def test_redirects_belong_to_the_command_bash_gives_them(text, argv, redirect) -> None:
    parsed = parse.parse(text)
    holders = [c for c in parsed.commands if any(r.target.text == redirect for r in c.redirects)]
    assert [c.argv for c in holders] == [argv], parsed.commands


@pytest.mark.parametrize("text", [
    "((x++))", "for ((i=0; i<3; i++)); do :; done", "[[ -d $(pwd) ]] && echo",
    "echo $((y=3)) ${z:=4}", "case $x in a) cd /;; b|c) :;; esac", "select x in a b; do :; done",
    "f() ( cd x ); function g { :; }", "x[1]=2; a+=(b)", "coproc foo; time ls; x=1 &",
    "until false; do :; done", "if a; then b; elif c; then d; else e; fi", "! cd x",
    "cat <<EOF | sh\nrm -rf /\nEOF", "cat <<EOF && rm x\na\nEOF", "a=1 b=2", "export A=1 B",
    "unset x y", "local x=1", "declare -A m=([a]=1)", "exec 3>&1", "echo $(echo $(echo x))",
    "diff <(ls a) >(cat)", "x=$(cd /; pwd) cmd", "while read -r l; do :; done < <(ls)",
])
def test_constructs_parse_with_a_tree(text) -> None:
    parsed = parse.parse(text)
    assert parsed.ok and parsed.tree is not None, parsed

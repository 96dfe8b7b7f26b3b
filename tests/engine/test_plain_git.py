"""The tests that let a git command skip a reader's module (start-up, issue 16): `git status`
does not load the embedded-code reader (`unwrap.PLAIN_GIT`), the CI reader (only `push` runs CI)
or the other programs' effects (`effects.git`). Wherever a test says a reader has nothing to
find, the reader itself, run anyway, finds nothing: on every git command of the tldr-pages corpus
(when the shared corpus is beside the checkout), the red-team bench's rows and a sample."""

from __future__ import annotations

from agentsh.engine import embedded, unwrap
from agentsh.engine.classify import classify
from agentsh.engine.selftest import EXAMPLE_CONTEXT
from tests.engine.test_domain_reach import commands

SAMPLE = ["git status && git diff", "git commit -m x", "git log -p", "git -c core.pager=less log",
          "GIT_PAGER='rm -rf ~' git log", "git rebase -x 'rm -rf src' main", "git st",
          "git config alias.st '!rm -rf src' && git st", "git push origin main",
          "export GIT_CONFIG_PARAMETERS=\"'core.pager=rm -rf src'\"; git log",
          "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0='rm -rf ~' git log",
          "git grep -O 'rm -rf src' x", "git clone ext::'sh -c rm% -rf% src' x",
          "git submodule foreach 'rm -rf src'", "git bisect run rm -rf src"]


def test_plain_git_names_no_subcommand_the_embedded_reader_reads() -> None:
    assert unwrap.PLAIN_GIT <= embedded.GIT_BUILTINS, "an alias could shadow it"
    assert not unwrap.PLAIN_GIT & set(embedded._GIT_CODE_OPTIONS), "an option runs a command"
    assert not unwrap.PLAIN_GIT & {"config", "submodule", "bisect", "clone", "fetch", "pull",
                                   "ls-remote", "push", "remote"}


def test_no_code_is_lost_where_a_git_command_skips_a_reader(builtin_policy,
                                                            monkeypatch) -> None:
    from agentsh.engine import ci

    said_plain = []
    lost: list = []
    real = unwrap.Unwrapper._plain_git

    def plain(self, cmd):
        if not real(self, cmd):
            return False
        said_plain.append(cmd.argv)
        found = embedded.codes(cmd, self.here, self.names, self.params)
        if found != ([], []):
            lost.append(("embedded", cmd.argv, found))
        if ci.push_words([w.text for w in cmd.words[1:]]) is not None:
            lost.append(("ci", cmd.argv))
        return True

    monkeypatch.setattr(unwrap.Unwrapper, "_plain_git", plain)
    texts = SAMPLE + [t for t in commands() if "git" in t]
    for text in texts:
        try:
            classify(text, builtin_policy, EXAMPLE_CONTEXT)
        except RecursionError:
            continue
    assert not lost, lost[:5]
    assert len(said_plain) > 50, said_plain


def test_git_commands_a_reader_reads_keep_their_findings(builtin_policy) -> None:
    for text in SAMPLE[4:]:
        if text not in ("git st", "git push origin main"):  # no alias set; nothing to send
            verdict = classify(text, builtin_policy, EXAMPLE_CONTEXT)
            assert verdict.findings, text

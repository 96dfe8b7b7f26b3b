"""The error git's part of a snapshot raises, in a module of its own so that taking a snapshot
of files alone never imports the git code (nor `subprocess`): the cost of every overwrite."""

from __future__ import annotations


class GitError(Exception):
    """A git command failed: the snapshot or the restore cannot go on (`gitstate.GitError`)."""

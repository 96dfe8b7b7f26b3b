"""Snapshots before destruction, and `agentsh undo` (docs/undo.md).

The engine marks findings that a snapshot makes recoverable and says what to save
(`engine.recovery`); this package does the I/O: `take` saves a plan into the trash before the
command runs, `restore` brings a snapshot back, `trash` owns where snapshots live, their
manifests, expiry and purge, `files` copies and links trees, `gitstate` records and restores a
repository's work tree, index, HEAD and stash entries. Imported only when a plan exists."""

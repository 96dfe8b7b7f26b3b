"""Where a snapshot may stand in for a person: the system's own folders, scratch space, and the
folders of the system's where projects live (moved here from `recovery.py`, which re-exports
them, so that the matcher may ask the same question without an import cycle)."""

from __future__ import annotations

SYSTEM = ("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot",
          "/opt", "/srv", "/var", "/proc", "/sys", "/dev", "/run", "/snap", "/nix", "/System",
          "/Library", "/Applications", "/private")
SCRATCH = ("/tmp", "/var/tmp")
# Folders of the system's where projects live (`/srv/app/backend`, `/opt/projects/api`,
# `/var/www/shop`): what is two folders or more below one is a project's, a snapshot's as
# anywhere else; the base and its direct children (`/srv/app`, `/opt/homebrew`) stay the
# system's (FS002 asks for them, with no snapshot).
PROJECT_BASES = ("/srv", "/opt", "/var/www")


def own_space(path: str) -> bool:
    """A path (absolute, normalised) a snapshot may stand in for: anywhere but the system's own
    directories, scratch space under them excepted."""
    def under(base: str) -> bool:
        return path == base or path.startswith(base + "/")

    return any(under(s) for s in SCRATCH) or in_project(path) or \
        not any(under(s) for s in SYSTEM)


def in_project(path: str) -> bool:
    """A path (absolute, normalised) two folders or more below a PROJECT_BASES folder."""
    for base in PROJECT_BASES:
        if path.startswith(base + "/"):
            rest = path[len(base) + 1:].split("/")
            return len(rest) >= 2 and all(p not in ("", ".", "..") for p in rest)
    return False

#!/usr/bin/env bash
# Install agentsh for this user (no root needed), for all users (--system, as root), or into
# ./.venv for development (--dev). Idempotent; --uninstall removes exactly what it added.
#
#   ./install.sh               ~/.local/share/agentsh + ~/.local/bin/agentsh
#   ./install.sh --system      /opt/agentsh + /usr/local/bin/agentsh + a line in /etc/shells
#   ./install.sh --dev         ./.venv with the test tools (what .ci/run uses)
#   ./install.sh --uninstall [--system [--protected [--root DIR]]]
#   sudo ./install.sh --system --protected [--user NAME]... [--agent AGENT]...
#        [--service-user NAME] [--root DIR] [--keep-ptrace]
#     protected mode (docs/security.md): code and launcher root-owned under /opt/agentsh, policy
#     in /etc/agentsh, the gate run by `agentsh serve` as its own user; --root DIR (or
#     AGENTSH_ROOT) installs under DIR instead of / (the tests do).
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mode=user
uninstall=0
protected=0
keep_ptrace=0
root=${AGENTSH_ROOT:-/}
service_user=agentsh
users=()
agents=()
while [ $# -gt 0 ]; do
  case $1 in
    --system) mode=system ;;
    --dev) mode=dev ;;
    --uninstall) uninstall=1 ;;
    --protected) protected=1 ;;
    --keep-ptrace) keep_ptrace=1 ;;
    --root) root=${2:?--root needs a folder}; shift ;;
    --root=*) root=${1#--root=} ;;
    --user) users+=("${2:?--user needs a name}"); shift ;;
    --user=*) users+=("${1#--user=}") ;;
    --agent) agents+=("${2:?--agent needs a name}"); shift ;;
    --agent=*) agents+=("${1#--agent=}") ;;
    --service-user) service_user=${2:?--service-user needs a name}; shift ;;
    --service-user=*) service_user=${1#--service-user=} ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done
if [ "$protected" = 1 ]; then
  [ "$mode" = system ] || { echo "install.sh: --protected goes with --system" >&2; exit 64; }
  case $root in /*) ;; *) echo "install.sh: --root needs an absolute path" >&2; exit 64 ;; esac
  root=${root%/}  # "" is /
  AGENTSH_PREFIX=${AGENTSH_PREFIX:-$root/opt/agentsh}
  AGENTSH_BINDIR=${AGENTSH_BINDIR:-$root/usr/local/bin}
fi

case $mode in
  user)
    prefix=${AGENTSH_PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}/agentsh}
    bindir=${AGENTSH_BINDIR:-$HOME/.local/bin} ;;
  system)
    [ "$(id -u)" = 0 ] || { echo "install.sh: --system needs root" >&2; exit 1; }
    prefix=${AGENTSH_PREFIX:-/opt/agentsh}
    bindir=${AGENTSH_BINDIR:-/usr/local/bin} ;;
  dev)
    prefix=$src/.venv/agentsh
    bindir="" ;;
esac
venv=$prefix/venv
[ "$mode" = dev ] && venv=$src/.venv
launcher=$prefix/bin/agentsh
manifest=$prefix/install-manifest

say() { printf 'agentsh install: %s\n' "$*"; }

if [ "$uninstall" = 1 ] && [ "$protected" = 1 ]; then
  # shellcheck source=install-protected.sh
  . "$src/install-protected.sh"
  protected_uninstall
fi

if [ "$uninstall" = 1 ]; then
  # Agents' hooks first: a hook that calls a deleted agentsh must not let commands through. Hooks
  # written by agentsh block when it is gone; older ones, and any setup cannot remove, meet the
  # stub left at the launcher's path below, which blocks and says how to remove them.
  hooks_left=0
  if [ "$mode" != dev ]; then
    scope=""
    [ "$mode" = system ] && scope="--system"
    [ "$protected" = 1 ] && [ -n "$root" ] && scope="--system --root $root"
    if [ -x "$launcher" ]; then
      # shellcheck disable=SC2086
      "$launcher" setup --uninstall $scope || hooks_left=1
    fi
  fi
  if [ -f "$manifest" ]; then
    while IFS= read -r line; do
      case $line in
        link:*) p=${line#link:}; [ -L "$p" ] && [ "$(readlink "$p")" = "$launcher" ] && rm -f "$p" && say "removed $p" ;;
        shells:*) p=${line#shells:}; if [ -w /etc/shells ]; then grep -vxF "$p" /etc/shells > /etc/shells.agentsh-tmp && cat /etc/shells.agentsh-tmp > /etc/shells && rm -f /etc/shells.agentsh-tmp && say "removed $p from /etc/shells"; fi ;;
      esac
    done < "$manifest"
  fi
  if [ "$mode" = dev ]; then rm -rf "$src/.venv"; say "removed $src/.venv"; fi
  if [ -d "$prefix" ]; then rm -rf "$prefix"; say "removed $prefix"; fi
  if [ "$hooks_left" = 1 ]; then
    mkdir -p "$(dirname "$launcher")"
    cat > "$launcher" <<STUB
#!/bin/sh
# Left by install.sh --uninstall: an agent hook still calls agentsh, which is gone.
echo "agentsh was uninstalled, but an agent hook still calls it, so this command is blocked. Remove the agentsh hook from the agent's settings (or reinstall agentsh and run: agentsh setup --uninstall), then delete $launcher" >&2
exit 2
STUB
    chmod 755 "$launcher"
    say "some agent hooks could not be removed (see above); $launcher now blocks every command they check and says how to remove them"
    exit 1
  fi
  exit 0
fi

python=${AGENTSH_PYTHON:-}
if [ "$protected" = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: --protected needs root" >&2; exit 1; }
  # shellcheck source=install-protected.sh
  . "$src/install-protected.sh"
  protected_service_user
  [ -n "$python" ] || python=$(protected_python) || {
    echo "install.sh: needs a Python 3.10 or newer that the user $service_user can run (a system" \
      "Python such as /usr/bin/python3; one under a private home cannot serve other users)" >&2
    exit 1; }
fi
if [ -z "$python" ]; then
  for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then
      # resolve version-manager shims to the real interpreter
      real=$("$candidate" -c 'import sys; print(sys.executable)' 2>/dev/null) || continue
      if "$real" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        python=$real; break
      fi
    fi
  done
fi
[ -n "$python" ] || { echo "install.sh: needs Python 3.10 or newer" >&2; exit 1; }

mkdir -p "$prefix"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
  say "created the virtual environment $venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
extra=""
[ "$mode" = dev ] && extra="[test]"
# A wheel, not an editable install: pip compiles the bytecode, so imports stay fast even where
# PYTHONDONTWRITEBYTECODE is set.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade --force-reinstall --no-deps "$src"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$src$extra"
say "installed agentsh $("$venv/bin/python" -c 'import agentsh; print(agentsh.__version__)') into $venv"
# compiled regular expressions for agentsh.fastre (`-c` without the `re` package); none: `re`
(cd / && "$venv/bin/python" -I -m agentsh.commands.regexes) || true
# agentsh's modules on the checking path precompiled in one file (agentsh.bundle); none: imports
(cd / && "$venv/bin/python" -I -m agentsh.commands.bundle) || true

# The launcher runs the venv's interpreter directly (no PATH lookup, no version-manager shim),
# isolated (-I: PYTHONPATH and friends cannot swap agentsh's code) and without site (-S). A small
# compiled launcher keeps the caller's argv[0] (login shells, shims); without a C compiler a
# script launcher is used, which loses it (see README).
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
platsite=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')
paths="\"$site\""
[ "$platsite" != "$site" ] && paths="$paths, \"$platsite\""
[ "$mode" = dev ] && launcher=$venv/bin/agentsh
launchdir=$(dirname "$launcher")
mkdir -p "$launchdir" "$prefix/lib"
entry=$prefix/lib/agentsh-entry.py
protected_line=""
[ "$protected" = 1 ] && protected_line="import agentsh.locations; agentsh.locations.PROTECTED_ROOT = \"${root:-/}\""
cat > "$entry" <<ENTRY
import sys
sys.path[:0] = [$paths]
$protected_line
from agentsh.cli import entry
entry()
ENTRY
"$venv/bin/python" -c "import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True)" "$entry" 2>/dev/null || true
tmp=$(mktemp "$launchdir/.agentsh.XXXXXX")
cc=${CC:-$(command -v cc || command -v gcc || true)}
if [ -n "$cc" ] && "$cc" -O2 -o "$tmp" -DPYTHON="\"$venv/bin/python\"" -DENTRY="\"$entry\"" "$src/launcher/agentsh.c" 2>/dev/null; then
  kind="compiled launcher"
else
  cat > "$tmp" <<LAUNCHER
#!$venv/bin/python -IS
import sys
sys.path[:0] = [$paths]
from agentsh.cli import entry
entry()
LAUNCHER
  kind="script launcher (no C compiler found: a leading '-' in argv[0] is not seen)"
fi
chmod 755 "$tmp"
mv -f "$tmp" "$launcher"
say "wrote the $kind $launcher"
: > "$manifest.new"

if [ -n "$bindir" ]; then
  mkdir -p "$bindir"
  if [ -e "$bindir/agentsh" ] && [ ! -L "$bindir/agentsh" ]; then
    echo "install.sh: $bindir/agentsh exists and is not agentsh's link; leaving it alone" >&2
  else
    if [ "$(readlink "$bindir/agentsh" 2>/dev/null)" != "$launcher" ]; then
      ln -sfn "$launcher" "$bindir/agentsh"
      say "linked $bindir/agentsh -> $launcher"
    fi
    echo "link:$bindir/agentsh" >> "$manifest.new"
  fi
  case ":$PATH:" in
    *":$bindir:"*) ;;
    *) say "note: $bindir is not on your PATH; add it to use \`agentsh\` by name" ;;
  esac
fi
if [ "$mode" = system ] && [ -z "${root#/}" ]; then
  if ! grep -qxF "$bindir/agentsh" /etc/shells 2>/dev/null; then
    echo "$bindir/agentsh" >> /etc/shells
    say "added $bindir/agentsh to /etc/shells"
  fi
  echo "shells:$bindir/agentsh" >> "$manifest.new"
fi
mv -f "$manifest.new" "$manifest"

if [ "$protected" = 1 ]; then
  protected_install
  exit 0
fi

if [ "$mode" != dev ]; then
  say "working? two checks, nothing is run:"
  "$launcher" check -- 'git status' || true
  "$launcher" check -- 'rm -rf ~' || true
  say "done. Next: \`agentsh setup claude-code\` (or cursor, codex, gemini, shell), and \`agentsh approve\` in a terminal of your own."
fi

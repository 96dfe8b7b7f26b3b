# Protected mode's install steps, sourced by install.sh (`--system --protected`); see
# docs/security.md. Uses install.sh's variables: root ("" for /), service_user, users, agents,
# prefix, bindir, launcher, manifest, src; and its say().
#
#   /opt/agentsh           code, venv and launcher, root-owned (install.sh wrote them)
#   /etc/agentsh           rules.toml (the system layer) and protected.conf, root-owned
#   /var/lib/agentsh       the service's state: TOTP secret, trust store, chain head (0700)
#   /var/cache/agentsh     the service's cache (0700)
#   /var/log/agentsh       the audit log, written by the service, readable by all (0755)
#   /run/agentsh           the socket every client connects to
#   /etc/sysctl.d/60-agentsh-ptrace.conf   kernel.yama.ptrace_scope = 1, where it was 0
# Each path is under $root when --root is given (/proc too: the tests give a stand-in).

p_etc=$root/etc/agentsh
p_conf=$p_etc/protected.conf
p_state=$root/var/lib/agentsh
p_cache=$root/var/cache/agentsh
p_log=$root/var/log/agentsh
p_run=$root/run/agentsh
p_unit=/etc/systemd/system/agentsh.service
p_sysctl=$root/etc/sysctl.d/60-agentsh-ptrace.conf
p_scope=$root/proc/sys/kernel/yama/ptrace_scope
STUB_RULES='# agentsh system rules (protected mode): root-owned, layered over the built-in rules.
# Files named by include = [...] here count only while root-owned and writable by no one else;
# every rules file a user can write (~/.config/agentsh, a project'"'"'s .agentsh) may only tighten.
'

protected_service_user() {
  if id -u "$service_user" >/dev/null 2>&1; then
    # a reinstall: remember whether an earlier run created the user (uninstall removes it then)
    if grep -qxF "protected-user:$service_user:1" "$prefix/install-manifest" 2>/dev/null; then
      created_user=1
    fi
    return
  fi
  local nologin=/usr/sbin/nologin
  [ -x "$nologin" ] || nologin=/bin/false
  useradd --system --no-create-home --home-dir /nonexistent --shell "$nologin" "$service_user"
  say "created the system user $service_user"
  created_user=1
}

protected_python() {
  # a Python every user can run (one under a private home, like pyenv's in /root, cannot serve
  # the service user)
  local candidate
  for candidate in /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.11 /usr/bin/python3.10 \
      /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/local/bin/python3.11 /usr/bin/python3 \
      "$(command -v python3 || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if runuser -u "$service_user" -- "$candidate" -c \
        'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

protected_dir() {  # folder owner mode
  mkdir -p "$1"
  chown "$2" "$1"
  chmod "$3" "$1"
}

protected_install() {
  local users_csv agent
  users_csv=$(IFS=,; echo "${users[*]:-}")
  # the code: root-owned, writable by no one else (pip ran as root; make sure)
  chown -R root:root "$prefix"
  chmod -R go-w "$prefix"
  protected_dir "$p_etc" root:root 0755
  if [ ! -f "$p_etc/rules.toml" ]; then
    printf '%s' "$STUB_RULES" > "$p_etc/rules.toml"
    say "wrote $p_etc/rules.toml (the system layer: edit it as root)"
  fi
  chown root:root "$p_etc/rules.toml"
  chmod 0644 "$p_etc/rules.toml"
  printf '# written by install.sh --protected; root-owned\nservice_user = %s\nusers = %s\n' \
    "$service_user" "$users_csv" > "$p_conf.new"
  chmod 0644 "$p_conf.new"
  mv -f "$p_conf.new" "$p_conf"
  say "wrote $p_conf (service user $service_user)"
  protected_dir "$p_state" "$service_user:$service_user" 0700
  protected_dir "$p_cache" "$service_user:$service_user" 0700
  protected_dir "$p_log" "$service_user:$service_user" 0755
  protected_dir "$p_run" "$service_user:$service_user" 0755
  {
    echo "protected-user:$service_user:${created_user:-0}"
  } >> "$manifest"
  protected_ptrace
  for agent in "${agents[@]}"; do
    if [ -n "$root" ]; then
      "$launcher" setup "$agent" --system --root "$root" || say "could not set up $agent's managed settings"
    else
      "$launcher" setup "$agent" --system || say "could not set up $agent's managed settings"
    fi
  done
  if [ -z "$root" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    cat > "$p_unit.new" <<UNIT
# written by agentsh install.sh --protected
[Unit]
Description=agentsh gate (protected mode): checks, approvals and the audit log
After=local-fs.target

[Service]
ExecStart=$launcher serve
User=$service_user
Group=$service_user
RuntimeDirectory=agentsh
RuntimeDirectoryMode=0755
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=$p_state $p_cache $p_log
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
    mv -f "$p_unit.new" "$p_unit"
    systemctl daemon-reload
    systemctl enable --now agentsh.service
    systemctl restart agentsh.service
    say "started the service (systemd unit agentsh.service)"
  else
    say "no systemd here: start the service as root (it becomes $service_user itself):"
    say "  sudo $launcher serve &"
  fi
  say "protected mode installed. Next, as the person who approves:"
  say "  sudo $bindir/agentsh enroll        # scan the QR code with an authenticator app"
  say "  $bindir/agentsh approve            # in a terminal of your own; approvals need the code"
  [ "${#agents[@]}" -gt 0 ] || say "  sudo $bindir/agentsh setup AGENT --system   # hooks the agent cannot remove"
  for user in "${users[@]}"; do
    id -u "$user" >/dev/null 2>&1 || { say "warning: no user $user"; continue; }
    say "  for $user: point hooks and SHELL at $bindir/agentsh (not a copy in ~$user)"
  done
}

# The agent's hook and wrapper clients run as the agent's user, and a process may attach a
# debugger to any process of its own uid unless Yama says otherwise (ptrace_scope 0, or no Yama):
# a program the agent wrote could then rewrite its own hook's answer. ptrace_scope 1 lets a
# process attach only to its descendants, and a hook is no descendant of the agent's commands.
# Only a 0 is raised (2 and 3 are stricter); --keep-ptrace leaves it; uninstall puts 0 back
# where its file says this install raised it.
protected_ptrace() {
  local now
  if [ ! -f "$p_scope" ]; then
    say "warning: this kernel has no Yama ptrace restriction: a program of the agent's user can"
    say "  attach a debugger to its own agentsh hook and change its answer (docs/security.md)"
    return 0
  fi
  now=$(cat "$p_scope")
  [ "$now" = 0 ] || return 0
  if [ "$keep_ptrace" = 1 ]; then
    say "warning: kernel.yama.ptrace_scope stays 0 (--keep-ptrace): a program of the agent's user"
    say "  can attach a debugger to its own agentsh hook and change its answer (docs/security.md)"
    return 0
  fi
  mkdir -p "$(dirname "$p_sysctl")"
  printf '%s\n' "# written by agentsh install.sh --protected (docs/security.md): a process may attach" \
    "# a debugger only to its own descendants, so the agent cannot attach to its agentsh hook" \
    "kernel.yama.ptrace_scope = 1" > "$p_sysctl"
  chmod 0644 "$p_sysctl"
  if (echo 1 > "$p_scope") 2>/dev/null; then
    say "set kernel.yama.ptrace_scope to 1 (was 0; kept across reboots by $p_sysctl;"
    say "  debuggers attach to their own children, or with sudo; --keep-ptrace leaves it at 0)"
  else
    say "warning: could not set kernel.yama.ptrace_scope to 1 now (it is from the next boot, by"
    say "  $p_sysctl); until then the agent's user can attach to its own agentsh hook"
  fi
}

protected_uninstall() {
  local line created
  # the file is there only where the install raised a 0 (a reinstall finds 1 and keeps it)
  if [ -f "$p_sysctl" ] && grep -q '^# written by agentsh install.sh' "$p_sysctl"; then
    rm -f "$p_sysctl"
    { [ -f "$p_scope" ] && (echo 0 > "$p_scope") 2>/dev/null &&
      say "put kernel.yama.ptrace_scope back to 0"; } || true
  fi
  if [ -z "$root" ] && [ -f "$p_unit" ]; then
    systemctl disable --now agentsh.service 2>/dev/null || true
    rm -f "$p_unit"
    systemctl daemon-reload 2>/dev/null || true
    say "removed the systemd unit"
  fi
  created=0
  if [ -f "$prefix/install-manifest" ]; then
    line=$(grep '^protected-user:' "$prefix/install-manifest" | tail -n 1 || true)
    [ "${line##*:}" = 1 ] && created=1
  fi
  # the service started by hand (systemd's was stopped above): it leaves its pid
  if [ -f "$p_run/serve.pid" ]; then
    kill "$(cat "$p_run/serve.pid")" 2>/dev/null && say "stopped the service" || true
  fi
  rm -f "$p_conf"
  if [ -f "$p_etc/rules.toml" ] && [ "$(cat "$p_etc/rules.toml")" = "$(printf '%s' "$STUB_RULES")" ]; then
    rm -f "$p_etc/rules.toml"
  fi
  rmdir "$p_etc" 2>/dev/null || true
  rm -rf "$p_cache" "$p_run"
  # the service's state; `setup --system` keeps its own backups beside it (setup/), which its
  # uninstall (run next by install.sh) still needs
  rm -rf "$p_state/totp.json" "$p_state/totp-used" "$p_state/trust.json" "$p_state/audit-heads"
  rmdir "$p_state" 2>/dev/null || true
  say "removed the service's state, cache and socket; kept the audit log in $p_log"
  if [ "$created" = 1 ] && id -u "$service_user" >/dev/null 2>&1; then
    userdel "$service_user" 2>/dev/null && say "removed the system user $service_user"
  fi
}

#!/usr/bin/env bash
# Private PostgreSQL clusters for development and tests. Sourced by the other
# scripts in this folder; defines pg_start, pg_stop, pg_createdb and pg_free_port.
#
# initdb and postgres refuse to run as root, so when we are root the cluster
# belongs to the "postgres" system user (created by Debian's package).

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return 0
  fi
  return 1
}

pg_ensure_installed() {
  if pg_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries not found; install them (apt-get install -y postgresql) or set DATABASE_URL." >&2
    return 1
  fi
  echo "Installing PostgreSQL (apt-get install postgresql)..." >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
  # Debian's package starts its own cluster; we do not use it.
  command -v pg_ctlcluster >/dev/null && pg_ctlcluster --help >/dev/null 2>&1 || true
  pg_bindir >/dev/null
}

# pg_as CMD...: run a server command as the cluster owner.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_prepare_dir DIR: make DIR usable by the cluster owner. When the owner cannot
# reach DIR (a root-only home, say), the data lives under /tmp and DIR links to it.
pg_prepare_dir() {
  local dir=$1
  if [ "$(id -u)" -ne 0 ]; then mkdir -p "$dir"; return 0; fi
  if [ -L "$dir" ] && [ -d "$dir/" ]; then return 0; fi
  mkdir -p "$(dirname "$dir")"
  if runuser -u postgres -- test -x "$(dirname "$dir")" 2>/dev/null; then
    mkdir -p "$dir"
  else
    local alt="/tmp/partnerdesk-pg-$(echo "$PWD/$dir" | md5sum | cut -c1-12)"
    echo "note: user postgres cannot reach $(dirname "$dir"); keeping the cluster in $alt" >&2
    mkdir -p "$alt"
    rm -rf "$dir"
    ln -s "$alt" "$dir"
  fi
  chown postgres: "$dir/"
  chmod 700 "$dir/"
}

# pg_start DIR PORT [extra postgres options]: initialise DIR once, start the server
# on 127.0.0.1:PORT unless it is already running. Waits until it accepts connections.
pg_start() {
  local dir=$1 port=$2; shift 2
  local bin; bin=$(pg_bindir) || return 1
  pg_prepare_dir "$dir" || return 1
  local real; real=$(cd "$dir/" && pwd -P)
  if [ ! -f "$real/PG_VERSION" ]; then
    pg_as "$bin/initdb" --no-sync -A trust -U postgres -E UTF8 --locale=C -D "$real" >"$real.initdb.log" 2>&1 \
      || { cat "$real.initdb.log" >&2; return 1; }
  fi
  if pg_as "$bin/pg_ctl" -D "$real" status >/dev/null 2>&1; then
    return 0
  fi
  pg_as "$bin/pg_ctl" -D "$real" -l "$real/server.log" -w -t 60 \
    -o "-p $port -k $real -c listen_addresses=127.0.0.1 $*" start >/dev/null \
    || { tail -n 20 "$real/server.log" >&2; return 1; }
}

pg_stop() {
  local dir=$1
  local bin; bin=$(pg_bindir) || return 0
  [ -f "$dir/postmaster.pid" ] || return 0
  pg_as "$bin/pg_ctl" -D "$(cd "$dir/" && pwd -P)" -m fast -w stop >/dev/null 2>&1 || true
}

# pg_restart DIR MODE: restart the running server (same options); MODE
# "immediate" is a crash (no checkpoint, WAL replayed at start), "fast" a
# clean stop of every session.
pg_restart() {
  local dir=$1 mode=${2:-fast}
  local bin; bin=$(pg_bindir) || return 1
  local real; real=$(cd "$dir/" && pwd -P)
  pg_as "$bin/pg_ctl" -D "$real" -l "$real/server.log" -m "$mode" -w -t 60 restart >/dev/null
}

# pg_createdb PORT NAME: create the database unless it exists.
pg_createdb() {
  local port=$1 name=$2
  local bin; bin=$(pg_bindir) || return 1
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
}

# pg_free_port: print a TCP port on 127.0.0.1 that nothing listens on.
pg_free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

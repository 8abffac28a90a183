#!/usr/bin/env bash
# Throwaway PostgreSQL server for running Tryggve's test suite.
#
#   scripts/postgres.sh start   # install (if needed), init (if needed), start;
#                               # prints the DATABASE_URL on stdout
#   scripts/postgres.sh stop    # stop the server (the data is kept)
#
# Environment:
#   TRYGGVE_PG_DIR   base directory (default /tmp/tryggve-pg); the cluster lives
#                    in $TRYGGVE_PG_DIR/data, the server log in
#                    $TRYGGVE_PG_DIR/postgres.log, the unix socket in
#                    $TRYGGVE_PG_DIR itself
#   TRYGGVE_PG_PORT  TCP port on 127.0.0.1 (default 54329)
#
# The server is tuned for tests (fsync=off etc.): never keep real data in it.
# As root the server runs as the `postgres` system user (created if missing);
# as any other user it runs as that user.
#
# Only the DATABASE_URL goes to stdout; all progress goes to stderr, so
# `DATABASE_URL=$(scripts/postgres.sh start)` works.
set -euo pipefail

BASE_DIR="${TRYGGVE_PG_DIR:-/tmp/tryggve-pg}"
PORT="${TRYGGVE_PG_PORT:-54329}"
DATA_DIR="$BASE_DIR/data"
LOG_FILE="$BASE_DIR/postgres.log"
SOCKET_DIR="$BASE_DIR"
DB_USER=tryggve
DB_PASSWORD=tryggve
DB_NAME=tryggve
DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"

# Keep the real stdout on fd 3 for the URL; everything else goes to stderr.
exec 3>&1 1>&2

log() { printf 'postgres.sh: %s\n' "$*"; }
die() { log "error: $*"; exit 1; }

usage() {
    echo "usage: $0 start|stop" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case "$1" in start | stop) ;; *) usage ;; esac

case "$BASE_DIR" in
    /*) ;;
    *) BASE_DIR="$PWD/$BASE_DIR"; DATA_DIR="$BASE_DIR/data"; LOG_FILE="$BASE_DIR/postgres.log"; SOCKET_DIR="$BASE_DIR" ;;
esac
[[ "$PORT" =~ ^[0-9]+$ ]] || die "TRYGGVE_PG_PORT must be a number, got '$PORT'"
[[ "$BASE_DIR" != *[[:space:]\'\"]* ]] || die "TRYGGVE_PG_DIR must not contain spaces or quotes: '$BASE_DIR'"
# Unix socket paths are limited to 107 bytes.
(( ${#SOCKET_DIR} + 18 < 108 )) || die "TRYGGVE_PG_DIR is too long for a unix socket path: '$BASE_DIR'"

if [[ $EUID -eq 0 ]]; then
    PG_OS_USER=postgres
else
    PG_OS_USER="$(id -un)"
fi

# Run a command as the OS user owning the cluster. `cd /` avoids
# "could not change directory" warnings when the caller's cwd is private.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u "$PG_OS_USER" -- "$@")
    else
        (cd / && "$@")
    fi
}

find_bindir() {
    local pg_ctl
    # Highest installed major version wins.
    pg_ctl="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$pg_ctl" ]] && dirname "$pg_ctl"
    return 0
}

ensure_installed() {
    BIN_DIR="$(find_bindir)"
    if [[ -z "$BIN_DIR" ]]; then
        [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
        log "PostgreSQL not found; installing it with apt-get (this takes a minute)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
        BIN_DIR="$(find_bindir)"
        [[ -n "$BIN_DIR" ]] || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/pg_ctl exists"
    fi
    PG_VERSION_BIN="$(basename "$(dirname "$BIN_DIR")")"
}

ensure_os_user() {
    [[ $EUID -eq 0 ]] || return 0
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
            --shell /bin/bash --comment "PostgreSQL administrator" postgres
    fi
}

# After a crash (kill -9, reboot) the lock files may name a process that is
# gone, or a zombie not yet reaped (some container inits reap lazily); pg_ctl
# and postgres would both take a zombie for a live server.
remove_stale_lockfiles() {
    local lockfile pid state
    for lockfile in "$DATA_DIR/postmaster.pid" "$SOCKET_DIR/.s.PGSQL.$PORT.lock"; do
        [[ -f "$lockfile" ]] || continue
        pid="$(head -n 1 "$lockfile")"
        [[ "$pid" =~ ^[0-9]+$ ]] || continue
        state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d ' ' -f 1)" || true
        if [[ -z "$state" || "$state" == Z ]]; then
            log "removing stale $lockfile (PID $pid is gone)"
            rm -f "$lockfile"
        fi
    done
}

is_running() {
    [[ -f "$DATA_DIR/PG_VERSION" ]] && as_pg "$BIN_DIR/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

is_ready() {
    "$BIN_DIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1
}

stop_server() {
    log "stopping PostgreSQL ($DATA_DIR)"
    as_pg "$BIN_DIR/pg_ctl" stop -D "$DATA_DIR" -m fast -w -t 60 >/dev/null
}

ensure_base_dir() {
    mkdir -p "$BASE_DIR"
    if [[ $EUID -eq 0 ]]; then
        chown "$PG_OS_USER:" "$BASE_DIR"
    fi
    chmod 700 "$BASE_DIR"
    as_pg test -w "$BASE_DIR" \
        || die "$PG_OS_USER cannot write to $BASE_DIR (is a parent directory private?); set TRYGGVE_PG_DIR elsewhere"
}

init_cluster() {
    if [[ -f "$DATA_DIR/PG_VERSION" ]]; then
        local have
        have="$(cat "$DATA_DIR/PG_VERSION")"
        if [[ "$have" == "$PG_VERSION_BIN" ]]; then
            return 0
        fi
        log "cluster in $DATA_DIR is PostgreSQL $have but the server is $PG_VERSION_BIN; recreating it (test data only)"
    fi
    if [[ -e "$DATA_DIR" ]]; then
        # Either an incomplete initdb or a version mismatch: it's a throwaway
        # test cluster, start over.
        rm -rf "$DATA_DIR"
    fi

    log "initialising PostgreSQL $PG_VERSION_BIN cluster in $DATA_DIR"
    # Local (unix socket) connections are trusted, but the socket is only
    # accessible to the cluster's OS user (unix_socket_permissions=0700).
    # TCP connections need a password.
    as_pg "$BIN_DIR/initdb" -D "$DATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    # Settings are (re)written on every start, see write_settings.
    as_pg sh -c "echo \"include_if_exists = 'tryggve.conf'\" >> '$DATA_DIR/postgresql.conf'"
}

write_settings() {
    as_pg sh -c "cat > '$DATA_DIR/tryggve.conf'" <<EOF
# Written by scripts/postgres.sh on every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
unix_socket_permissions = 0700
# Test settings: fast, not crash-safe.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_server() {
    if is_ready; then
        die "something else is already listening on 127.0.0.1:$PORT; stop it or set TRYGGVE_PG_PORT"
    fi
    write_settings
    log "starting PostgreSQL on 127.0.0.1:$PORT (log: $LOG_FILE)"
    # Close fds 3 (our stdout, possibly a $(...) pipe) and 9 (the lock) so the
    # long-lived server does not inherit them: otherwise a caller's command
    # substitution would never see EOF, and the lock would never be released.
    if ! as_pg "$BIN_DIR/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 >/dev/null 3>&- 9>&-; then
        log "PostgreSQL failed to start; last lines of $LOG_FILE:"
        tail -n 20 "$LOG_FILE" >&2 || true
        exit 1
    fi
}

wait_ready() {
    local i
    for ((i = 0; i < 60; i++)); do
        if is_ready; then
            return 0
        fi
        sleep 0.5
    done
    log "PostgreSQL did not become ready on 127.0.0.1:$PORT; last lines of $LOG_FILE:"
    tail -n 20 "$LOG_FILE" >&2 || true
    exit 1
}

ensure_role_and_db() {
    as_pg "$BIN_DIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U postgres -d postgres >/dev/null <<EOF
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
    ELSE
        ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
    END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\gexec
EOF
}

cmd_start() {
    ensure_installed
    ensure_os_user
    ensure_base_dir
    # Serialise concurrent starts.
    exec 9>"$BASE_DIR/.lock"
    flock 9
    init_cluster
    remove_stale_lockfiles

    if is_running; then
        if is_ready; then
            log "PostgreSQL already running on 127.0.0.1:$PORT"
        else
            # Running, but not on the requested port (TRYGGVE_PG_PORT changed).
            stop_server
            start_server
        fi
    else
        start_server
    fi
    wait_ready
    ensure_role_and_db
    echo "$DATABASE_URL" >&3
}

cmd_stop() {
    BIN_DIR="$(find_bindir)"
    if [[ -z "$BIN_DIR" || ! -f "$DATA_DIR/PG_VERSION" ]]; then
        log "no cluster in $DATA_DIR; nothing to stop"
        return 0
    fi
    remove_stale_lockfiles
    if is_running; then
        stop_server
    else
        log "PostgreSQL ($DATA_DIR) is not running"
    fi
}

"cmd_$1"

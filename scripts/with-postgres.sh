#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server, then removes the server again.
#
#   bash scripts/with-postgres.sh npm test
#   bash scripts/with-postgres.sh npx vitest run tests/integration/schema.test.ts
#
# The command gets DATABASE_URL=postgres://postgres@127.0.0.1:<port>/postgres (trust
# authentication, listening on 127.0.0.1 only); the test helpers create a fresh database per test
# file on that server. The cluster lives in a new temporary directory that is deleted on exit,
# whether the command passes, fails or is interrupted. The command's exit status is passed on.
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` OS account; as
# any other user it runs as you. PG_BIN overrides where the binaries are
# (default /usr/lib/postgresql/15/bin). As root on Debian, PostgreSQL is installed if missing.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-postgres.sh <command> [arguments...]" >&2
  exit 2
fi

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

if [ ! -x "$PG_BIN/initdb" ]; then
  if [ "$IS_ROOT" -eq 1 ] && command -v apt-get >/dev/null; then
    echo "with-postgres: installing PostgreSQL (no initdb in $PG_BIN)" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  fi
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "with-postgres: no PostgreSQL server binaries in $PG_BIN (install postgresql, or set PG_BIN)" >&2
    exit 1
  fi
fi

if [ "$IS_ROOT" -eq 1 ] && ! id -u postgres >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

# Runs a PostgreSQL tool as the account that owns the cluster, from a directory that account can
# read (the tools complain when they cannot resolve the current directory, e.g. under /root).
as_pg() {
  if [ "$IS_ROOT" -eq 1 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

if [ "$IS_ROOT" -eq 1 ]; then
  # Under /tmp rather than $TMPDIR: the postgres account must be able to reach it.
  PG_DIR="$(mktemp -d /tmp/portal-pg.XXXXXX)"
  chown postgres: "$PG_DIR"
else
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/portal-pg.XXXXXX")"
fi
PG_LOG="$PG_DIR/server.log"
PG_STARTED=0

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$PG_STARTED" -eq 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody is listening on, chosen by the kernel.
PG_PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR.initdb.log" 2>&1; then
  cat "$PG_DIR.initdb.log" >&2
  rm -f "$PG_DIR.initdb.log"
  echo "with-postgres: initdb failed" >&2
  exit 1
fi
rm -f "$PG_DIR.initdb.log"

PG_STARTED=1
if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_LOG" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null; then
  cat "$PG_LOG" >&2 || true
  echo "with-postgres: the PostgreSQL server did not start" >&2
  exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)" >&2

set +e
"$@"
status=$?
set -e
if [ "$status" -ne 0 ] && [ -s "$PG_LOG" ]; then
  echo "with-postgres: the command failed (exit $status); last lines of the PostgreSQL log:" >&2
  tail -n 30 "$PG_LOG" >&2 || true
fi
exit "$status"

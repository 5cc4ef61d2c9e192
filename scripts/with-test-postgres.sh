#!/usr/bin/env bash
# Runs a command next to a throwaway PostgreSQL server: a new cluster in a temp folder (trust authentication, listening
# on a free 127.0.0.1 port only, its unix socket in that folder, fsync off), started with pg_ctl, stopped and deleted
# when the command ends, whatever its outcome. The command sees
#   IDENTITY_TEST_POSTGRES="Host=127.0.0.1;Port=<port>;Username=identity_test;Database=identity_test"
# whose user is a superuser (the tests create a database per test server). Exits with the command's exit code.
# As root, the server runs as the `postgres` OS user (initdb refuses root).
#   scripts/with-test-postgres.sh env IDENTITY_TEST_DATABASE=postgres dotnet test tests/Identity.Server.Tests
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

pg_bin="${IDENTITY_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
  echo "error: PostgreSQL's server programs (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin;" \
    "install Debian's postgresql package or set IDENTITY_POSTGRES_BIN." >&2
  exit 1
fi

cluster="$(mktemp -d "${TMPDIR:-/tmp}/identity-postgres-XXXXXX")"
chmod 755 "$cluster"
run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "error: running as root needs the 'postgres' OS user (Debian's postgresql package creates it)." >&2; exit 1; }
  chown postgres: "$cluster"
  run_pg() { runuser -u postgres -- "$@"; }
fi

started=0
cleanup() {
  if [ "$started" -eq 1 ]; then
    run_pg "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
user=identity_test

run_pg "$pg_bin/initdb" -D "$cluster/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$cluster/initdb.log" 2>&1 \
  || { cat "$cluster/initdb.log" >&2; exit 1; }
if ! run_pg "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$cluster' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  >/dev/null; then
  cat "$cluster/server.log" >&2 || true
  exit 1
fi
started=1

# A database for the connection string; the tests create (and drop) their own next to it.
"$pg_bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $user" >/dev/null

export IDENTITY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=$user;Database=$user"
echo "$("$pg_bin/postgres" --version) on 127.0.0.1:$port (cluster in $cluster)"

status=0
"$@" || status=$?
exit "$status"

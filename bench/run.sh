#!/usr/bin/env bash
# One command for the performance bench: builds Release, installs node-oidc-provider (and pg, for its PostgreSQL store)
# into a temp folder, runs every scenario against Identity and the side-by-side ones against node-oidc-provider (servers
# pinned to CPU 0, this driver to CPU 1), each in an open loop (peak search) and a closed loop (32 connections), prints
# the tables and writes bench/results/<time>.json and bench/results/last.md.
#   bench/run.sh            full run (30 s priming per scenario, then 10 s steps after 2 s warm-up each)
#   bench/run.sh --quick    smoke run (10 s priming, 3 s steps, 1 s warm-up)
#   bench/run.sh --postgres both servers on PostgreSQL: a throwaway server (scripts/with-test-postgres.sh), a fresh
#                           database for ours and one for node-oidc-provider's store (as Logto keeps it)
#   bench/run.sh [--quick] [--postgres] -- <more Identity.Bench options>   e.g. -- --scenarios cc,refresh --algorithm ES256
# Load is bounded (at most --max-in-flight outstanding requests, 10 s timeout each) and goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_OIDC_VERSION=9.13.3
PG_VERSION=8.23.1
args=(--duration 10s --warmup 2s --prime 30s)
postgres=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) args=(--duration 3s --warmup 1s --prime 10s); shift ;;
    --postgres) postgres=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

echo "== Building Release"
dotnet build src/Identity.Server -c Release -nologo -v q
dotnet build bench/Identity.Bench -c Release -nologo -v q

node_dir=$(mktemp -d -t identity-bench-node-XXXXXX)
trap 'rm -rf "$node_dir"' EXIT
echo "== Installing node-oidc-provider $NODE_OIDC_VERSION and pg $PG_VERSION into $node_dir"
printf '{"name":"identity-bench-node-oidc","private":true,"type":"module"}\n' > "$node_dir/package.json"
(cd "$node_dir" && npm install --no-audit --no-fund --no-package-lock --loglevel=error "oidc-provider@$NODE_OIDC_VERSION" "pg@$PG_VERSION" >/dev/null)

driver=(dotnet bench/Identity.Bench/bin/Release/net10.0/Identity.Bench.dll)
if command -v taskset >/dev/null && [[ $(nproc --all) -ge 2 ]]; then
  driver=(taskset -c 1 "${driver[@]}")
fi
if [[ $postgres -eq 1 ]]; then
  # PostgreSQL itself is not pinned: its backends run on either core, for both servers alike.
  driver=(scripts/with-test-postgres.sh "${driver[@]}")
  args+=(--database postgres)
fi
echo "== Running"
"${driver[@]}" --server-cpu 0 --node-dir "$node_dir" "${args[@]}" "$@"

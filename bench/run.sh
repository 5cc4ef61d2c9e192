#!/usr/bin/env bash
# One command for the performance bench: builds Release, installs node-oidc-provider into a temp folder, runs every
# scenario against Identity and the side-by-side ones against node-oidc-provider (servers pinned to CPU 0, this driver
# to CPU 1), prints the tables and writes bench/results/<time>.json and bench/results/last.md.
#   bench/run.sh            full run (30 s priming per scenario, then 10 s steps after 2 s warm-up each)
#   bench/run.sh --quick    smoke run (10 s priming, 3 s steps, 1 s warm-up)
#   bench/run.sh [--quick] -- <more Identity.Bench options>   e.g. -- --scenarios cc,refresh --note "busy machine"
# Load is bounded (at most --max-in-flight outstanding requests, 10 s timeout each) and goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_OIDC_VERSION=9.13.3
args=(--duration 10s --warmup 2s --prime 30s)
if [[ "${1:-}" == "--quick" ]]; then
  args=(--duration 3s --warmup 1s --prime 10s)
  shift
fi
[[ "${1:-}" == "--" ]] && shift

echo "== Building Release"
dotnet build src/Identity.Server -c Release -nologo -v q
dotnet build bench/Identity.Bench -c Release -nologo -v q

node_dir=$(mktemp -d -t identity-bench-node-XXXXXX)
trap 'rm -rf "$node_dir"' EXIT
echo "== Installing node-oidc-provider $NODE_OIDC_VERSION into $node_dir"
printf '{"name":"identity-bench-node-oidc","private":true,"type":"module"}\n' > "$node_dir/package.json"
(cd "$node_dir" && npm install --no-audit --no-fund --no-package-lock --loglevel=error "oidc-provider@$NODE_OIDC_VERSION" >/dev/null)

driver=(dotnet bench/Identity.Bench/bin/Release/net10.0/Identity.Bench.dll)
if command -v taskset >/dev/null && [[ $(nproc --all) -ge 2 ]]; then
  driver=(taskset -c 1 "${driver[@]}")
fi
echo "== Running"
"${driver[@]}" --server-cpu 0 --node-dir "$node_dir" "${args[@]}" "$@"

#!/usr/bin/env bash
# Where a scenario's CPU goes on the server: runs it at a fixed rate (server on CPU 0, driver on CPU 1, primed first so
# the JIT has settled), samples the server with Linux perf for 15 s, and prints the CPU by component (assembly or
# native library), the hottest frames and the CPU by stage of a request (bench/profile-stages.py). Needs perf
# (Debian: linux-perf), python3, and permission to profile (root, or kernel.perf_event_paranoid <= 1).
#   bench/profile.sh [scenario] [rate]      e.g. bench/profile.sh cc1 200   (scenarios: see Identity.Bench --help)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-cc1}
rate=${2:-200}
command -v perf >/dev/null || { echo "perf is missing (Debian: apt-get install linux-perf)" >&2; exit 1; }

dotnet build src/Identity.Server -c Release -nologo -v q >/dev/null
dotnet build bench/Identity.Bench -c Release -nologo -v q >/dev/null
work=$(mktemp -d -t identity-profile-XXXXXX)
trap 'rm -rf "$work"' EXIT

# The server inherits these: JIT-compiled code is named in /tmp/perf-<pid>.map, at addresses perf can see.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
taskset -c 1 dotnet bench/Identity.Bench/bin/Release/net10.0/Identity.Bench.dll --server-cpu 0 --mode fixed --loop open \
  --scenarios "$scenario" --rate "$rate" --prime 30s --warmup 2s --duration 25s --users 2000 --applications 200 \
  --results "$work" > "$work/bench.log" 2>&1 &
driver=$!
# The measured server (for the journey, a logging instance runs first to count its database commands).
until grep -q '^Identity server pid' "$work/bench.log" 2>/dev/null; do sleep 1; kill -0 $driver 2>/dev/null || { cat "$work/bench.log"; exit 1; }; done
sleep 35 # the priming (30 s) and the warm-up
server=$(sed -n 's/^Identity server pid \([0-9]*\).*/\1/p' "$work/bench.log" | head -1)
perf record -F 499 -g -p "$server" -o "$work/perf.data" -- sleep 15 >/dev/null 2>&1
wait $driver || true
grep -E '^  step' "$work/bench.log"

echo "== CPU by component (self time)"
perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | awk '
  /^ +[0-9.]+%/ {
    pct = $1; sub("%", "", pct); dso = $2
    key = dso
    if (dso == "[JIT]") {
      frame = substr($0, index($0, "[.]") + 4) # the frame name, after the dso columns
      key = match(frame, /\[[A-Za-z][A-Za-z0-9_.]+\]/) ? substr(frame, RSTART + 1, RLENGTH - 2) : "JIT-compiled (other)"
    }
    sum[key] += pct
  }
  END { for (k in sum) printf "%6.2f %%  %s\n", sum[k], k }' | sort -rn | head -20

echo "== Hottest frames (self time)"
# (|| true: head closing the pipe early is not a failure of the script)
perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -25 | cut -c1-160 || true

echo "== CPU by stage of a request (inclusive, overlapping)"
perf script -i "$work/perf.data" 2>/dev/null | python3 bench/profile-stages.py

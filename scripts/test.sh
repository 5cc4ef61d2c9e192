#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (Debian's chromium for the
# real-browser tests), builds, then runs every test project. Exit code is non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Real-browser tests drive Debian's chromium through Playwright; Playwright's own browser download is not used.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing chromium for the browser tests..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
export IDENTITY_CHROMIUM_PATH="${IDENTITY_CHROMIUM_PATH:-/usr/bin/chromium}"

# The Logto SDK compatibility tests run a real @logto/node app with Node.js from tests/logto-node-client.
if ! command -v npm >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --prefix tests/logto-node-client --no-audit --no-fund >/dev/null

dotnet tool restore >/dev/null
dotnet build Identity.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

results="$(mktemp -d)"
status=0
# One test project at a time (-m:1): the browser, CLI and server suites each start real processes, and on two cores
# running them all at once makes start-up timing, not behaviour, decide the result.
dotnet test Identity.sln -c Release --no-build -m:1 --logger "trx" --results-directory "$results" || status=$?

# One closing line for the whole run, summed over every test project's results.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit "$status"

#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (Debian's chromium for the
# real-browser tests, Debian's postgresql for the PostgreSQL run), builds, then runs every test project, and the server
# tests a second time against a throwaway PostgreSQL server. Exit code is non-zero if anything fails.
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

# A real PostgreSQL server (Debian's postgresql; scripts/with-test-postgres.sh runs a throwaway one) for the scale-out
# checks (two instances on one database, outages) and for a second run of the server tests.
have_postgres() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if ! have_postgres; then
  echo "Installing postgresql for the PostgreSQL tests..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
unset IDENTITY_TEST_DATABASE IDENTITY_TEST_POSTGRES

dotnet tool restore >/dev/null
dotnet build Identity.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

results="$(mktemp -d)"
status=0
# One test project at a time (-m:1): the browser, CLI and server suites each start real processes, and on two cores
# running them all at once makes start-up timing, not behaviour, decide the result. Then the server tests again, each
# test server on its own new database of the PostgreSQL server. Both runs share one throwaway PostgreSQL server.
run_tests() {
  local failed=0
  dotnet test Identity.sln -c Release --no-build -m:1 --logger "trx" --results-directory "$results" || failed=$?
  echo "Identity.Server.Tests on PostgreSQL:"
  IDENTITY_TEST_DATABASE=postgres dotnet test tests/Identity.Server.Tests -c Release --no-build \
    --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || failed=$?
  return "$failed"
}
export -f run_tests
export results
scripts/with-test-postgres.sh bash -c run_tests || status=$?

# The SQL Server migration script, as an admin would generate it for a DBA: no SQL Server is needed.
mkdir -p artifacts
dotnet src/Identity.Server/bin/Release/net10.0/Identity.Server.dll --Database:Provider=SqlServer \
  migrate --script --output artifacts/identity-sqlserver.sql || status=$?

# One closing line for the whole run, summed over every test project's results.
python3 - "$results" <<'PY' || true
import glob, os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
totals = {"all": [0, 0, 0], "postgres": [0, 0, 0]}
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    counts = [int(counters.get("passed", 0)),
              int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)),
              int(counters.get("notExecuted", 0))]
    for key in ["all"] + (["postgres"] if os.path.basename(path).startswith("postgres") else []):
        totals[key] = [a + b for a, b in zip(totals[key], counts)]
passed, failed, skipped = totals["all"]
pg_passed, pg_failed, pg_skipped = totals["postgres"]
print(f"{passed} passed, {failed} failed, {skipped} skipped "
      f"(of which the PostgreSQL run: {pg_passed} passed, {pg_failed} failed, {pg_skipped} skipped)")
PY
rm -rf "$results"
exit "$status"

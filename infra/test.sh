#!/usr/bin/env bash
# The project's test command (README, CI): starts the 'test' instance of Redis +
# PostgreSQL, runs every test project of the solution against it, stops it again.
# PV_INSTANCE (default test) picks the ports and data folder, so parallel work trees do not collide.
# Extra arguments go to dotnet test, e.g.: bash infra/test.sh --filter FullyQualifiedName~Votes
# Its last line is the plain summary 'N passed, N failed[, N skipped]'.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"
export PV_INSTANCE="${PV_INSTANCE:-test}"
SERVICES="$REPO_ROOT/infra/services.sh"
eval "$(bash "$SERVICES" vars)"

mkdir -p "$PV_DATA_DIR/logs"
TEST_LOG="$PV_DATA_DIR/logs/dotnet-test.log"
SERVICES_LOG="$PV_DATA_DIR/logs/services-stop.log"
summary=""

# Stop every server this run started, even on failure or Ctrl-C; quietly, so the
# summary stays the very last line.
finish() {
  local rc=$?
  if ! bash "$SERVICES" stop >"$SERVICES_LOG" 2>&1; then
    echo "warning: stopping the test services failed, see $SERVICES_LOG" >&2
  fi
  [[ -n $summary ]] && echo "$summary"
  exit "$rc"
}
trap finish EXIT

bash "$SERVICES" start
# The browser tests drive Debian's Chromium (installed here when missing; needs root, as CI runs).
bash "$REPO_ROOT/infra/chromium.sh" install

export PV_TEST_REDIS="127.0.0.1:$PV_REDIS_PORT"
# Database=postgres: tests create (and drop) a fresh database per test class.
export PV_TEST_POSTGRES="Host=127.0.0.1;Port=$PV_PG_PORT;Database=postgres;Username=$PV_PG_USER"
export PV_INFRA_DIR="$REPO_ROOT/infra"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

set +e
dotnet test PublicVote.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$TEST_LOG"
test_rc=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries. Minimal verbosity prints one line each:
#   Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 3 s - X.dll (net10.0)
# normal verbosity prints a block each instead:
#   Total tests: 12 /     Passed: 12 /    Skipped: 1 / Total time: 3.1 Seconds
# Count the one-line form if any, else the blocks (never both: no double count).
read -r passed failed skipped < <(
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$TEST_LOG" | awk '
    function num(s) { sub(/.*:[[:space:]]*/, "", s); return s + 0 }
    function field(name) { return match($0, name ":[[:space:]]*[0-9]+") ? num(substr($0, RSTART, RLENGTH)) : 0 }
    /^[[:space:]]*[A-Za-z]+![[:space:]]+-[[:space:]]+Failed:/ {
      lp += field("Passed"); lf += field("Failed"); ls += field("Skipped"); lines++; next
    }
    /^Total tests:[[:space:]]*[0-9]+/ { inblock = 1; next }
    inblock && /^[[:space:]]*Passed:[[:space:]]*[0-9]+/  { bp += num($0); next }
    inblock && /^[[:space:]]*Failed:[[:space:]]*[0-9]+/  { bf += num($0); next }
    inblock && /^[[:space:]]*Skipped:[[:space:]]*[0-9]+/ { bs += num($0); next }
    inblock && /^[[:space:]]*Total time:/ { inblock = 0 }
    END { if (lines) printf "%d %d %d\n", lp, lf, ls; else printf "%d %d %d\n", bp, bf, bs }')

summary="$passed passed, $failed failed"
if ((skipped > 0)); then summary+=", $skipped skipped"; fi

if ((test_rc != 0)); then
  echo "dotnet test failed (exit $test_rc); full log: $TEST_LOG" >&2
  exit "$test_rc"
fi
if ((passed + failed == 0)); then
  echo "no test ran; full log: $TEST_LOG" >&2
  exit 1
fi

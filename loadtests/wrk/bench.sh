#!/usr/bin/env bash
# Benchmark for the record (not a test): wrk on /healthz and on the vote endpoint
# of a running API, plus optionally redis-benchmark of the vote script alone.
#
#   PV_CAMPAIGN=1 PV_TOKENS=tokens.txt PV_CANDIDATES=5 bash loadtests/wrk/bench.sh
#
# Environment:
#   PV_BASE_URL    API to measure, loopback only (default http://127.0.0.1:5080)
#   PV_CAMPAIGN    campaign id to vote in
#   PV_TOKENS      file with one voter bearer token per line (distinct voters);
#                  use at least (requests expected) / PV_CANDIDATES tokens so no vote repeats
#   PV_CANDIDATES  candidates to spread votes over (PV_CANDIDATE_FIRST: first id, default 1)
#   PV_WRK_THREADS / PV_WRK_CONNECTIONS / PV_WRK_DURATION: wrk -t/-c/-d (default 2 / 64 / 10s)
# Redis part, run only when all three are set (it writes to that Redis: use a
# throwaway instance or campaign):
#   PV_REDIS_PORT          Redis port on 127.0.0.1 (dev instance: 6391)
#   PV_VOTE_SHA            SHA1 of the loaded vote script (SCRIPT LOAD)
#   PV_BENCH_EVALSHA_ARGS  what follows the SHA in EVALSHA: numkeys, keys, args, split on
#                          spaces; __rand_int__ becomes a random number in 0..PV_BENCH_KEYSPACE-1
#                          (default 1000000), e.g. "2 v:1:voters:__rand_int__ v:1:totals __rand_int__ 3"
# Output is printed and kept under loadtests/results/<timestamp>/ (gitignored).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
BASE_URL="${PV_BASE_URL:-http://127.0.0.1:5080}"
BASE_URL="${BASE_URL%/}"
THREADS="${PV_WRK_THREADS:-2}"
CONNECTIONS="${PV_WRK_CONNECTIONS:-64}"
DURATION="${PV_WRK_DURATION:-10s}"

die() { echo "bench: $*" >&2; exit 1; }

# Load is only ever sent to this machine.
host="${BASE_URL#*://}"; host="${host%%/*}"
case "$host" in
  \[::1\]*) ;;
  *) host="${host%%:*}" ;;
esac
[[ $host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ || $host == localhost || $host == '[::1]'* ]] ||
  die "PV_BASE_URL must be a loopback address (127.x.x.x, localhost, [::1]), not '$host'"
[[ $BASE_URL == http://* ]] || die "PV_BASE_URL must be http://..."

: "${PV_CAMPAIGN:?set PV_CAMPAIGN (campaign id)}"
: "${PV_TOKENS:?set PV_TOKENS (file of voter tokens, one per line)}"
: "${PV_CANDIDATES:?set PV_CANDIDATES (number of candidates)}"
[[ -r $PV_TOKENS ]] || die "cannot read PV_TOKENS=$PV_TOKENS"
export PV_CAMPAIGN PV_TOKENS PV_CANDIDATES
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"

OUT="$REPO_ROOT/loadtests/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

echo "== wrk GET /healthz"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE_URL/healthz" | tee "$OUT/healthz.txt"

echo "== wrk POST /api/v1/campaigns/$PV_CAMPAIGN/votes ($(grep -c . "$PV_TOKENS") tokens, $PV_CANDIDATES candidates)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO_ROOT/loadtests/wrk/vote.lua" \
  "$BASE_URL" -- "$THREADS" | tee "$OUT/vote.txt"

if [[ -n ${PV_REDIS_PORT:-} && -n ${PV_VOTE_SHA:-} && -n ${PV_BENCH_EVALSHA_ARGS:-} ]]; then
  echo "== redis-benchmark EVALSHA vote script (127.0.0.1:$PV_REDIS_PORT)"
  read -ra evalsha_args <<<"$PV_BENCH_EVALSHA_ARGS"
  # -q prints progress with carriage returns: keep the final line only.
  redis-benchmark -h 127.0.0.1 -p "$PV_REDIS_PORT" -c "$CONNECTIONS" -n "${PV_BENCH_REQUESTS:-200000}" \
    -r "${PV_BENCH_KEYSPACE:-1000000}" -q evalsha "$PV_VOTE_SHA" "${evalsha_args[@]}" |
    tr '\r' '\n' | grep -v '^$' | tail -n1 | tee "$OUT/redis-evalsha.txt"
fi

echo
echo "== summary (kept in $OUT)"
for f in healthz vote; do
  echo "$f: $(grep -h 'Requests/sec' "$OUT/$f.txt" | tr -s ' '),$(grep -hE '^ *Latency +[0-9]' "$OUT/$f.txt" | awk '{print " latency avg " $2 ", max " $4}')$(grep -h ' 99%' "$OUT/$f.txt" | awk '{print ", p99 " $2}')"
  grep -h -e 'Non-2xx' -e 'Socket errors' "$OUT/$f.txt" | sed "s/^ */$f: /" || true
done
if [[ -f $OUT/redis-evalsha.txt ]]; then
  echo "redis evalsha: $(sed 's/.*: \([0-9.]* requests per second\)/\1/' "$OUT/redis-evalsha.txt")"
fi

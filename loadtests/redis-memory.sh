#!/usr/bin/env bash
# Redis memory per accepted vote, for the capacity note (docs/capacity.md).
#
#   bash loadtests/redis-memory.sh [votes, default 1000000]
#
# Starts a throwaway Redis (PV_INSTANCE=mem, loopback, AOF off so only memory is measured), loads the
# product's vote script and pipes N EVALSHA calls through redis-cli --pipe: N distinct 28-character openids,
# one vote each, 50 candidates, realistic ip / ua-hash fields. Prints used_memory after the votes, then after
# the stream is trimmed (what the flusher's XDEL leaves: dedup hashes + counters), then with an
# Idempotency-Key per vote (a SET with a 24 h expiry each). Stops Redis at the end.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VOTES="${1:-1000000}"
export PV_INSTANCE=mem
SERVICES="$REPO_ROOT/infra/services.sh"
eval "$(bash "$SERVICES" vars)"
trap 'bash "$SERVICES" redis-stop >/dev/null 2>&1 || true' EXIT
bash "$SERVICES" redis-start >/dev/null
cli() { redis-cli -h 127.0.0.1 -p "$PV_REDIS_PORT" "$@"; }
cli CONFIG SET appendonly no >/dev/null
SCRIPT="$REPO_ROOT/src/PublicVote.Api/Storage/Redis/Scripts/vote.lua"
SHA=$(cli SCRIPT LOAD "$(cat "$SCRIPT")")

used() { cli INFO memory | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'; }

# RESP for: EVALSHA sha nkeys keys... voter candidate daily percand dayttl bucketttl idemttl ms day ip ua
votes() {
  local with_key=$1
  awk -v n="$VOTES" -v sha="$SHA" -v idem="$with_key" 'function bulk(s) { printf "$%d\r\n%s\r\n", length(s), s }
    BEGIN {
      tag = "pvmem:{c:1:0}"
      for (i = 0; i < n; i++) {
        voter = sprintf("oMemTest%020d", i)
        nkeys = idem ? 5 : 4
        printf "*%d\r\n", 3 + nkeys + 11
        bulk("EVALSHA"); bulk(sha); bulk(nkeys)
        bulk(tag ":d:20261121"); bulk(tag ":n"); bulk(tag ":m:29000000"); bulk(tag ":log")
        if (idem) bulk(tag ":i:" voter ":" sprintf("%08x-4b1d-4c2e-9f00-%012d", i, i))
        bulk(voter); bulk(i % 50 + 1); bulk(5); bulk(1); bulk(259200); bulk(172860); bulk(86400)
        bulk(1795287351433 + i); bulk(20261121); bulk(sprintf("10.%d.%d.%d", i % 250, int(i / 250) % 250, i % 199)); bulk("3f9a1c2b")
      }
    }'
}

before=$(used)
votes 0 | cli --pipe >/dev/null
after_votes=$(used)
accepted=$(cli HLEN "pvmem:{c:1:0}:d:20261121")
((accepted == VOTES)) || { echo "only $accepted of $VOTES votes were accepted" >&2; exit 1; }
cli XTRIM "pvmem:{c:1:0}:log" MAXLEN 0 >/dev/null
after_trim=$(used)
cli FLUSHALL >/dev/null
base_idem=$(used)
votes 1 | cli --pipe >/dev/null
cli XTRIM "pvmem:{c:1:0}:log" MAXLEN 0 >/dev/null
after_idem=$(used)

per() { awk -v b="$1" -v n="$VOTES" 'BEGIN { printf "%.0f", b / n }'; }
echo "votes: $VOTES (one per distinct voter, redis $(cli INFO server | tr -d '\r' | sed -n 's/^redis_version://p'))"
echo "with the stream not yet flushed:  $(per $((after_votes - before))) bytes/vote"
echo "stream flushed (dedup + counters): $(per $((after_trim - before))) bytes/vote"
echo "same, each with an Idempotency-Key: $(per $((after_idem - base_idem))) bytes/vote"
echo "stream entries alone:              $(per $((after_votes - after_trim))) bytes/vote"

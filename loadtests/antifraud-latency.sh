#!/usr/bin/env bash
# What the anti-fraud signals add to the vote hot path (issue 8, docs/antifraud.md "What is measured").
# Loopback only, bounded: the API (Release) runs with AntiFraud:SignalsEnabled=false and =true in turns, each
# turn a paced wrk run of PV_AF_DURATION at the same offered load; Redis's own time per EVALSHA is taken from
# INFO commandstats around each run. Every voter is fresh (never signed in) and every request comes from
# 127.0.0.1, so all of them land in one prefix's HyperLogLog: the worst case of the signals (a dense HLL).
#
#   PV_INSTANCE=fcore bash loadtests/antifraud-latency.sh
#
# PV_AF_PREFIXES=N spreads the voters over N /24s instead (X-Forwarded-For through 127.0.0.1 as a trusted
# proxy): small, sparse HyperLogLogs, the common case. CPU per vote (API process, Redis) is printed too: under
# contention from other work on the machine it is steadier than the latency.
#
# Environment (defaults): PV_INSTANCE (afbench), PV_AF_DURATION (10s), PV_AF_ROUNDS (2 of each),
# PV_WRK_CONNECTIONS (32), PV_AF_PAUSE_MS (10: each connection's pause between requests, i.e. roughly
# 32 / 10 ms = 3k votes/s offered), PV_BENCH_SKIP_BUILD=1 to reuse the last Release build.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PV_INSTANCE="${PV_INSTANCE:-afbench}"
DURATION="${PV_AF_DURATION:-10s}"
ROUNDS="${PV_AF_ROUNDS:-2}"
CONNECTIONS="${PV_WRK_CONNECTIONS:-32}"
PAUSE="${PV_AF_PAUSE_MS:-10}"
THREADS=2
CANDIDATES=5
SERVICES="$REPO_ROOT/infra/services.sh"
API_DIR="$REPO_ROOT/src/PublicVote.Api/bin/Release/net10.0"
VOTE_LUA="$REPO_ROOT/loadtests/wrk/vote.lua"

die() { echo "antifraud-latency: $*" >&2; exit 1; }
[[ $PV_INSTANCE != dev && $PV_INSTANCE != test ]] || die "use an instance of your own, not '$PV_INSTANCE'"
for tool in wrk redis-cli psql dotnet python3 curl; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

WORK="$(mktemp -d)"
API_PID=""
STARTED_SERVICES=0
cleanup() {
  [[ -n $API_PID ]] && { kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true; }
  ((STARTED_SERVICES)) && { bash "$SERVICES" stop >/dev/null 2>&1 || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$SERVICES" status >/dev/null 2>&1 || STARTED_SERVICES=1
bash "$SERVICES" start >/dev/null 2>&1
eval "$(bash "$SERVICES" env)"
eval "$(bash "$SERVICES" vars)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 Logging__LogLevel__Default=Warning
[[ ${PV_BENCH_SKIP_BUILD:-0} == 1 ]] || dotnet build "$REPO_ROOT/src/PublicVote.Api" -c Release -v quiet -nologo >&2
Voting__SessionKey="$(head -c 48 /dev/urandom | base64 -w0)"
export Voting__SessionKey
# Nothing else competes for the CPU: the flusher and the detector host are off, the per-IP bucket is open.
export Flusher__Enabled=false AntiFraud__Host__Enabled=false RateLimiting__PerIpBurst=10000000 RateLimiting__PerIpPerSecond=10000000
PREFIXES="${PV_AF_PREFIXES:-0}"
if ((PREFIXES > 0)); then export ForwardedHeaders__KnownProxies__0=127.0.0.1 PV_WRK_XFF_PREFIXES=$PREFIXES; fi
api() { (cd "$API_DIR" && dotnet PublicVote.Api.dll "$@"); }
sql() { psql -h 127.0.0.1 -p "$PV_PG_PORT" -U "$PV_PG_USER" -d "$PV_PG_DB" -Atq -v ON_ERROR_STOP=1 -c "$1"; }
rcli() { redis-cli -h 127.0.0.1 -p "$PV_REDIS_PORT" "$@"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
api migrate >/dev/null

run_id="$(date +%s)-$$"
read -r CAMPAIGN FIRST < <(sql "
  WITH c AS (INSERT INTO campaigns (slug, name, vote_starts_at, vote_ends_at, daily_vote_limit, per_candidate_daily_limit)
             VALUES ('af-$run_id', 'af bench', now() - interval '1 hour', now() + interval '1 day', $CANDIDATES, 1) RETURNING id),
       g AS (INSERT INTO categories (campaign_id, code, name, kind) SELECT id, 'all', 'all', 'unit' FROM c RETURNING id, campaign_id),
       k AS (INSERT INTO candidates (campaign_id, category_id, number, name)
             SELECT campaign_id, id, n::text, 'candidate ' || n FROM g, generate_series(1, $CANDIDATES) n RETURNING id, campaign_id)
  SELECT min(campaign_id), min(id) FROM k" | tr '|' ' ')

# usec_per_call of EVALSHA since the last reset
evalsha_us() { rcli INFO commandstats | tr -d '\r' | sed -n 's/^cmdstat_evalsha:.*usec_per_call=\([0-9.]*\).*/\1/p'; }
redis_cpu() { rcli INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ {s += $2} END {printf "%.6f", s}'; }
ticks() { cut -d')' -f2 "/proc/$1/stat" | awk '{print $12 + $13}'; }
HZ=$(getconf CLK_TCK)

run() { # signals(true|false) round
  local signals=$1 round=$2 port out="$WORK/$1-$2.txt"
  api mint-sessions --campaign "$CAMPAIGN" --count 20000 --prefix "warm-$signals-$round-$run_id" >"$WORK/warm.txt"
  api mint-sessions --campaign "$CAMPAIGN" --count 60000 --prefix "$signals-$round-$run_id" >"$WORK/tokens.txt"
  port=$(free_port)
  (cd "$API_DIR" && AntiFraud__SignalsEnabled=$signals exec dotnet PublicVote.Api.dll --urls "http://127.0.0.1:$port") >"$WORK/api.log" 2>&1 &
  API_PID=$!
  for ((i = 0; i < 300; i++)); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.2; done
  # warm-up (JIT, pools) with voters of its own, so that every measured vote is a first (voter, candidate) pair
  PV_TOKENS="$WORK/warm.txt" PV_CAMPAIGN="$CAMPAIGN" PV_CANDIDATES=$CANDIDATES PV_CANDIDATE_FIRST="$FIRST" PV_WRK_PAUSE_MS="$PAUSE" \
    wrk -t$THREADS -c"$CONNECTIONS" -d4s -s "$VOTE_LUA" "http://127.0.0.1:$port" -- $THREADS >/dev/null
  rcli CONFIG RESETSTAT >/dev/null
  local api0 redis0 api1 redis1 redis_us votes
  api0=$(ticks "$API_PID"); redis0=$(redis_cpu)
  PV_TOKENS="$WORK/tokens.txt" PV_CAMPAIGN="$CAMPAIGN" PV_CANDIDATES=$CANDIDATES PV_CANDIDATE_FIRST="$FIRST" PV_WRK_PAUSE_MS="$PAUSE" \
    wrk -t$THREADS -c"$CONNECTIONS" -d"$DURATION" --latency -s "$VOTE_LUA" "http://127.0.0.1:$port" -- $THREADS >"$out"
  api1=$(ticks "$API_PID"); redis1=$(redis_cpu)
  redis_us=$(evalsha_us)
  votes=$(awk '/requests in/ {print $1}' "$out")
  kill "$API_PID" && wait "$API_PID" 2>/dev/null || true
  API_PID=""
  printf '%-5s round %s: %5s req/s  p50 %8s  p99 %8s  errors %s  EVALSHA %6s us  CPU/vote: API %4s us, Redis %5s us\n' \
    "$signals" "$round" "$(awk '/Requests\/sec/ {printf "%d", $2}' "$out")" "$(awk '$1 == "50%" {print $2}' "$out")" \
    "$(awk '$1 == "99%" {print $2}' "$out")" "$(sed -n 's/^vote.lua: status >= 400: //p' "$out")" "$redis_us" \
    $(((api1 - api0) * 1000000 / HZ / votes)) "$(python3 -c "print(f'{($redis1 - $redis0) * 1e6 / $votes:.1f}')")"
}

echo "antifraud-latency: campaign $CAMPAIGN, $CONNECTIONS connections paced at ${PAUSE} ms, $DURATION per run, $(nproc) cores, prefixes ${PREFIXES:-1}, load $(cut -d' ' -f1 /proc/loadavg)"
for ((round = 1; round <= ROUNDS; round++)); do
  run false "$round"
  run true "$round"
done
echo "new-voter HyperLogLogs this hour: $(rcli --scan --pattern "pv:{c:$CAMPAIGN:0}:x:*" | wc -l)," \
  "the largest $(rcli --scan --pattern "pv:{c:$CAMPAIGN:0}:x:*" | while read -r k; do rcli PFCOUNT "$k"; done | sort -n | tail -n1) voters"

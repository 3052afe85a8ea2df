#!/usr/bin/env bash
# A/B comparison of two API builds on this (shared, noisy) machine: the builds take turns (A B, then B A, ...) so
# that a change in the machine's load hits both alike, and the medians and spreads are reported. Loopback only,
# bounded (ROUNDS x 2 runs of DURATION each), nothing left running.
#
#   bash loadtests/ab.sh <vote|pair|plain|flush|open> <dir-of-build-A> <dir-of-build-B>
#
# A build dir holds PublicVote.Api.dll (e.g. src/PublicVote.Api/bin/Release/net10.0 of two checkouts:
# `git archive <commit> | tar -x -C /tmp/a && dotnet build /tmp/a/src/PublicVote.Api -c Release`).
#   vote   closed-loop wrk on POST /votes (distinct voters, every vote accepted): votes/s, p50/p99, and the CPU
#          the API and Redis spent per vote; then the flusher drains and Redis, PostgreSQL and wrk must agree.
#   pair   both builds at the same time, each under its own wrk (same settings), so that whatever else runs on the
#          machine weighs on both alike: votes/s, p50/p99 and API CPU per vote of each (Redis is shared, so not
#          split; the flushers are off meanwhile). On a shared box this tells the builds apart far better than
#          turns do. Reconciled like vote.
#   plain  wrk on GET /healthz (the plaintext ceiling) of each build.
#   flush  PV_AB_FLUSH_VOTES votes with the anti-fraud signal fields preloaded into a stream by the real vote script
#          (redis-benchmark, pipelined), then each build's `drain` moves them to PostgreSQL: votes/s overall, after
#          the first round, and over the second half (when the fresh process's JIT has mostly settled).
#   open   the open-model load tool (vote-only at PV_AB_RATE/s): p50/p99/p99.9 and its correctness check.
# Every run starts a fresh API process and warms it up with votes first (PV_AB_WARMUP): on this loaded 2-core box
# the JIT needs 15-20 s of load before the code reaches its final tier, and a shorter warm-up measures the JIT.
# Environment (defaults): PV_INSTANCE (ab), PV_AB_ROUNDS (4), PV_AB_DURATION (10s), PV_AB_WARMUP (20s), PV_WRK_CONNECTIONS (64),
# PV_AB_FLUSH_VOTES (300000), PV_AB_RATE (6000), PV_AB_ENV_A / PV_AB_ENV_B (extra VAR=value settings for one
# build's API and drain, e.g. to compare a runtime setting with the same build given twice), PV_AB_SCRIPT_A / PV_AB_SCRIPT_B (the
# vote.lua that preloads a build's flush votes: a build reads the stream entries its own script writes).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PV_INSTANCE="${PV_INSTANCE:-ab}"
MODE="${1:-}"
ROUNDS="${PV_AB_ROUNDS:-4}"
DURATION="${PV_AB_DURATION:-10s}"
WARMUP="${PV_AB_WARMUP:-20s}"
CONNECTIONS="${PV_WRK_CONNECTIONS:-64}"
FLUSH_VOTES="${PV_AB_FLUSH_VOTES:-300000}"
RATE="${PV_AB_RATE:-6000}"
THREADS=2
CANDIDATES=5
SERVICES="$REPO_ROOT/infra/services.sh"
VOTE_LUA="$REPO_ROOT/loadtests/wrk/vote.lua"
TOOL_DLL="$REPO_ROOT/loadtests/PublicVote.LoadTests/bin/Release/net10.0/PublicVote.LoadTests.dll"

die() { echo "ab: $*" >&2; exit 2; }
(($# == 3)) && [[ $MODE =~ ^(vote|pair|plain|flush|open)$ ]] || die "usage: bash loadtests/ab.sh <vote|pair|plain|flush|open> <build-A> <build-B>"
declare -A BUILD=([A]="$(realpath "$2")" [B]="$(realpath "$3")") ENV=([A]="${PV_AB_ENV_A:-}" [B]="${PV_AB_ENV_B:-}")
declare -A SCRIPT=([A]="${PV_AB_SCRIPT_A:-$REPO_ROOT/src/PublicVote.Api/Storage/Redis/Scripts/vote.lua}"
                   [B]="${PV_AB_SCRIPT_B:-$REPO_ROOT/src/PublicVote.Api/Storage/Redis/Scripts/vote.lua}")
for b in A B; do [[ -f ${BUILD[$b]}/PublicVote.Api.dll ]] || die "no PublicVote.Api.dll in ${BUILD[$b]}"; done
[[ $PV_INSTANCE != dev && $PV_INSTANCE != test ]] || die "use an instance of your own, not '$PV_INSTANCE'"
[[ $MODE != open || -f $TOOL_DLL ]] || die "build the load tool first: dotnet build loadtests/PublicVote.LoadTests -c Release"

WORK="$(mktemp -d)"
API_PID=""
STARTED_SERVICES=0
PAIR_PIDS=()
cleanup() {
  [[ -n $API_PID ]] && { kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true; }
  for pid in "${PAIR_PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
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
Voting__SessionKey="$(head -c 48 /dev/urandom | base64 -w0)"
export Voting__SessionKey RateLimiting__PerIpBurst=10000000 RateLimiting__PerIpPerSecond=10000000
# shellcheck disable=SC2086 # PV_AB_ENV_x is a list of VAR=value words
api() { local b=$1; shift; (cd "${BUILD[$b]}" && env ${ENV[$b]} dotnet PublicVote.Api.dll "$@"); }
sql() { psql -h 127.0.0.1 -p "$PV_PG_PORT" -U "$PV_PG_USER" -d "$PV_PG_DB" -Atq -v ON_ERROR_STOP=1 -c "$1"; }
rcli() { redis-cli -h 127.0.0.1 -p "$PV_REDIS_PORT" "$@"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ticks() { cut -d')' -f2 "/proc/$1/stat" | awk '{print $12 + $13}'; }
HZ=$(getconf CLK_TCK)
api A migrate >/dev/null

make_campaign() { # slug -> "id first_candidate"
  sql "
    WITH c AS (INSERT INTO campaigns (slug, name, vote_starts_at, vote_ends_at, daily_vote_limit, per_candidate_daily_limit)
               VALUES ('$1', 'ab', now() - interval '1 hour', now() + interval '1 day', $CANDIDATES, 1) RETURNING id),
         g AS (INSERT INTO categories (campaign_id, code, name, kind) SELECT id, 'all', 'all', 'unit' FROM c RETURNING id, campaign_id),
         k AS (INSERT INTO candidates (campaign_id, category_id, number, name)
               SELECT campaign_id, id, n::text, 'candidate ' || n FROM g, generate_series(1, $CANDIDATES) n RETURNING id, campaign_id)
    SELECT min(campaign_id), min(id) FROM k" | tr '|' ' '
}
run_id="$(date +%s)-$$"
read -r CAMPAIGN FIRST < <(make_campaign "ab-$run_id")

start_api() { # build [extra env...]
  local b=$1 port
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  # shellcheck disable=SC2086 # PV_AB_ENV_x is a list of VAR=value words
  (cd "${BUILD[$b]}" && exec env ${ENV[$b]} dotnet PublicVote.Api.dll --urls "$BASE") >>"$WORK/api-$b.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/readyz" && return 0; sleep 0.2; done
  die "build $b did not become ready (log: $WORK/api-$b.log)"
}
stop_api() { kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true; API_PID=""; }
wrk_votes() { # out tokens [duration]
  PV_TOKENS="$2" PV_CAMPAIGN="$CAMPAIGN" PV_CANDIDATES=$CANDIDATES PV_CANDIDATE_FIRST="$FIRST" \
    wrk -t$THREADS -c"$CONNECTIONS" -d"${3:-$DURATION}" --latency -s "$VOTE_LUA" "$BASE" -- $THREADS >"$1"
}
ms_of() { # wrk latency ("812.00us", "4.10ms", "1.20s") -> ms
  awk -v p="$2" '$1 == p {v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
    printf "%.2f", (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : v))}' "$1"
}
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
record() { echo -e "$*" >>"$RESULTS"; }

run_vote() { # build round
  local b=$1 r=$2 out="$WORK/vote-$1-$2.txt" a0 a1 r0 r1 n errors
  start_api "$b"
  wrk -t$THREADS -c"$CONNECTIONS" -d3s "$BASE/healthz" >/dev/null
  wrk_votes "$WORK/warm.out" "$WORK/tokens-warm-$b-$r.txt" "$WARMUP"
  a0=$(ticks "$API_PID"); r0=$(ticks "$REDIS_PID")
  wrk_votes "$out" "$WORK/tokens-$b-$r.txt"
  a1=$(ticks "$API_PID"); r1=$(ticks "$REDIS_PID")
  stop_api
  n=$(awk '/requests in/ {print $1}' "$out")
  errors=$(sed -n 's/^vote.lua: status >= 400: //p' "$out")
  ((errors == 0)) || die "build $b round $r: $errors votes refused (see $out)"
  grep -q WARNING "$out" && die "build $b round $r: voters ran out; raise the token count"
  ACCEPTED=$((ACCEPTED + n + $(awk '/requests in/ {print $1}' "$WORK/warm.out") - $(sed -n 's/^vote.lua: status >= 400: //p' "$WORK/warm.out")))
  record "$b\t$r\t$(awk '/Requests\/sec/ {printf "%d", $2}' "$out")\t$(ms_of "$out" 50%)\t$(ms_of "$out" 99%)\t$(((a1 - a0) * 1000000 / HZ / n))\t$(((r1 - r0) * 1000000 / HZ / n))"
}

run_pair() { # first-build round
  local r=$2 b n errors wrks=()
  declare -A base pid outs t0 t1
  # The flushers (and the fraud scans) would share the one stream and its CPU between the two processes as they
  # please: off here, so each process spends only what its hot path costs; the reconciliation drains afterwards.
  for b in $1 $([[ $1 == A ]] && echo B || echo A); do
    Flusher__Enabled=false AntiFraud__Host__Enabled=false start_api "$b"
    base[$b]=$BASE pid[$b]=$API_PID
    PAIR_PIDS+=("$API_PID")
    API_PID=""
  done
  for b in A B; do
    BASE=${base[$b]} wrk_votes "$WORK/warm-$b.out" "$WORK/tokens-warm-$b-$r.txt" "$WARMUP" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  wrks=()
  for b in A B; do t0[$b]=$(ticks "${pid[$b]}"); done
  for b in A B; do
    outs[$b]="$WORK/pair-$b-$r.txt"
    BASE=${base[$b]} wrk_votes "${outs[$b]}" "$WORK/tokens-$b-$r.txt" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for b in A B; do
    t1[$b]=$(ticks "${pid[$b]}")
    kill "${pid[$b]}" 2>/dev/null && wait "${pid[$b]}" 2>/dev/null || true
  done
  PAIR_PIDS=()
  for b in A B; do
    n=$(awk '/requests in/ {print $1}' "${outs[$b]}")
    errors=$(sed -n 's/^vote.lua: status >= 400: //p' "${outs[$b]}")
    ((errors == 0)) || die "build $b round $r: $errors votes refused (see ${outs[$b]})"
    ACCEPTED=$((ACCEPTED + n + $(awk '/requests in/ {print $1}' "$WORK/warm-$b.out") - $(sed -n 's/^vote.lua: status >= 400: //p' "$WORK/warm-$b.out")))
    record "$b\t$r\t$(awk '/Requests\/sec/ {printf "%d", $2}' "${outs[$b]}")\t$(ms_of "${outs[$b]}" 50%)\t$(ms_of "${outs[$b]}" 99%)\t$(((t1[$b] - t0[$b]) * 1000000 / HZ / n))"
  done
}

run_plain() {
  local b=$1 r=$2 out="$WORK/plain-$1-$2.txt"
  start_api "$b"
  wrk -t$THREADS -c"$CONNECTIONS" -d"$WARMUP" "$BASE/healthz" >/dev/null
  wrk -t$THREADS -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/healthz" >"$out"
  stop_api
  record "$b\t$r\t$(awk '/Requests\/sec/ {printf "%d", $2}' "$out")\t$(ms_of "$out" 50%)\t$(ms_of "$out" 99%)"
}

run_flush() {
  local b=$1 r=$2 tag sha day minute pending line
  read -r fc ff < <(make_campaign "ab-flush-$run_id-${b,,}-$r")
  tag="{c:$fc:0}"
  # Each build's own script: the stream entry's format is theirs (PV_AB_SCRIPT_x, default this tree's vote.lua).
  sha=$(rcli script load "$(cat "${SCRIPT[$b]}")")
  day=$(TZ=Asia/Shanghai date +%Y%m%d)
  minute=$(($(date +%s) / 60))
  # The signals on (ARGV 14 = 5: KEYS 5-8 are first-seen, surge, held, prefix HLL), as the API sends them.
  redis-benchmark -h 127.0.0.1 -p "$PV_REDIS_PORT" -c 16 -n "$FLUSH_VOTES" -r 100000000 -P 16 -q \
    evalsha "$sha" 8 "pv:$tag:d:$day" "pv:$tag:n" "pv:$tag:m:$minute" "pv:$tag:log" "pv:$tag:f" "pv:$tag:z" "pv:$tag:h" \
    "pv:$tag:x:$((minute / 60)):10.1.2.0/24" "ab-__rand_int__" "$ff" 5 1 200000 172860 86400 "$(date +%s000)" "$day" 10.1.2.3 \
    0123456789abcdef 0 0 5 10.1.2.0/24 3600000 "" 7200 3000 30 2 7200 >/dev/null
  pending=$(rcli xlen "pv:$tag:log")
  line=$(api "$b" drain)
  [[ $(rcli xlen "pv:$tag:log") == 0 ]] || die "build $b round $r: the stream was not drained"
  [[ $(sql "SELECT count(*) FROM votes WHERE campaign_id = $fc") == "$pending" ]] || die "build $b round $r: rows != preloaded"
  [[ $(sql "SELECT coalesce(sum(votes + pending), 0) FROM vote_totals WHERE campaign_id = $fc") == "$pending" ]] \
    || die "build $b round $r: totals != preloaded"
  record "$b\t$r\t$(sed -n 's/.* votesPerSecond=\([0-9]*\).*/\1/p' <<<"$line")\t$(sed -n 's/.*warmVotesPerSecond=\([0-9]*\).*/\1/p' <<<"$line")\t$(sed -n 's/.*lateVotesPerSecond=\([0-9]*\).*/\1/p' <<<"$line")\t$pending"
}

run_open() {
  local b=$1 r=$2 rc=0
  start_api "$b"
  dotnet "$TOOL_DLL" vote-only --base-url "$BASE" --api-dll "${BUILD[$b]}/PublicVote.Api.dll" --rate "$RATE" \
    --warmup "${WARMUP%s}" --ramp 2 --duration "${DURATION%s}" --results "$WORK/open-$b-$r" >"$WORK/open-$b-$r.txt" 2>&1 || rc=$?
  stop_api
  ((rc == 0 || rc == 3)) || die "build $b round $r: load tool exit $rc (see $WORK/open-$b-$r.txt)"
  record "$b\t$r\t$(python3 - "$WORK/open-$b-$r/summary.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1])); l = d["latency"]; c = d["correctness"] or {}
print(f"{d['achievedRate']}\t{l['p50']}\t{l['p99']}\t{l['p999']}\t{d['droppedByGenerator']}\t{c.get('lost')}\t{c.get('extra')}")
EOF
)"
}

REDIS_PID=$(cat "$PV_DATA_DIR/redis/redis.pid")
ACCEPTED=0
if [[ $MODE == vote || $MODE == pair ]]; then
  # Enough distinct voters per run for ~30k votes/s (5 candidates each), warm-up slices apart.
  per_run=$((${DURATION%s} * 6000 + 20000))
  for b in A B; do
    for ((r = 0; r < ROUNDS; r++)); do
      api A mint-sessions --campaign "$CAMPAIGN" --count "$per_run" --prefix "v-$run_id-$b-$r" >"$WORK/tokens-$b-$r.txt"
      api A mint-sessions --campaign "$CAMPAIGN" --count $((${WARMUP%s} * 2500)) --prefix "w-$run_id-$b-$r" >"$WORK/tokens-warm-$b-$r.txt"
    done
  done
fi

for ((r = 0; r < ROUNDS; r++)); do
  order=(A B)
  ((r % 2 == 1)) && order=(B A)
  if [[ $MODE == pair ]]; then
    echo "ab: pair round $((r + 1))/$ROUNDS (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    run_pair "${order[0]}" "$r"
    continue
  fi
  for b in "${order[@]}"; do
    echo "ab: $MODE round $((r + 1))/$ROUNDS build $b (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    "run_$MODE" "$b" "$r"
  done
done

if [[ $MODE == vote || $MODE == pair ]]; then
  # Every vote wrk saw accepted must be in Redis's counters and, once flushed, in PostgreSQL: no more, no fewer.
  # Every API is stopped by now: entries a stopped one still held are taken over at once.
  Flusher__ClaimIdleTime=00:00:00 api A drain >/dev/null
  # Counted and held votes: the rotating candidates of vote.lua look like a surge to the detector host, which
  # then holds fresh voters' votes (accepted, counted in :h and as pending, not in the public tally).
  redis_count=$( (rcli hgetall "pv:{c:$CAMPAIGN:0}:n"; rcli hgetall "pv:{c:$CAMPAIGN:0}:h") | awk 'NR % 2 == 0 {s += $1} END {print s + 0}')
  pg_total=$(sql "SELECT coalesce(sum(votes + pending), 0) FROM vote_totals WHERE campaign_id = $CAMPAIGN")
  pg_rows=$(sql "SELECT count(*) FROM votes WHERE campaign_id = $CAMPAIGN")
  echo "ab: reconciliation: wrk accepted $ACCEPTED, Redis counters $redis_count, PostgreSQL totals $pg_total, rows $pg_rows" >&2
  # wrk does not count the requests still in flight when a run ends (at most one per connection), which the API
  # accepted all the same: Redis may hold up to that many more than wrk saw, never fewer.
  in_flight=$((ROUNDS * 2 * 2 * CONNECTIONS))
  [[ $redis_count == "$pg_total" && $pg_total == "$pg_rows" ]] && ((ACCEPTED <= redis_count && redis_count <= ACCEPTED + in_flight)) \
    || { cat "$RESULTS" >&2; die "RECONCILIATION FAILED"; }
fi

python3 - "$MODE" "$RESULTS" <<'EOF'
import statistics, sys
mode, path = sys.argv[1], sys.argv[2]
cols = {"vote": ["votes/s", "p50 ms", "p99 ms", "API us/vote", "Redis us/vote"],
        "pair": ["votes/s", "p50 ms", "p99 ms", "API us/vote"],
        "plain": ["req/s", "p50 ms", "p99 ms"],
        "flush": ["votes/s", "warm votes/s", "late votes/s", "preloaded"],
        "open": ["achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "dropped", "lost", "extra"]}[mode]
rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
print("| build | round | " + " | ".join(cols) + " |")
print("|---|---|" + "---|" * len(cols))
for row in rows:
    print("| " + " | ".join(row) + " |")
print()
print("| build | " + " | ".join(f"{c} median (min-max)" for c in cols) + " |")
print("|---|" + "---|" * len(cols))
for b in ("A", "B"):
    vals = [[float(x) for x in row[2:]] for row in rows if row[0] == b]
    cells = []
    for i in range(len(cols)):
        v = [x[i] for x in vals]
        cells.append(f"{statistics.median(v):g} ({min(v):g}-{max(v):g})")
    print(f"| {b} | " + " | ".join(cells) + " |")
EOF

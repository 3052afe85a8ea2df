#!/usr/bin/env bash
# The one-run benchmark of issue 5 (not a test; CI does not run it). On this machine, in one run:
#   1. plaintext ceiling: wrk on GET /healthz of the same API process
#   2. vote endpoint: wrk on POST /votes (distinct voters, each (voter, candidate) pair once), with the
#      CPU each process spent per vote; then at ~70% of that rate (paced wrk), with the PostgreSQL lag
#   3. hook for the open-model load tool (loadtests/PublicVote.LoadTests), when it exists
#   4. Redis ceiling: redis-benchmark EVALSHA of the vote script, unpipelined and -P 16
#   5. flusher: the -P 16 run above preloads a second campaign's stream; `drain` times its move to PostgreSQL
#   6. naive baseline: loadtests/NaiveBaseline (one SQL transaction per vote), same wrk script
#   7. reconciliation (Redis counters = PostgreSQL totals) and the ratios
# It starts what it needs (services of PV_INSTANCE, default "bench"; the API in Release on a free loopback
# port with a generated session key; a fresh campaign; minted sessions) and stops all of it on exit.
# Output: printed, and a Markdown report in loadtests/results/<timestamp>/report.md (gitignored).
#
#   bash loadtests/bench.sh
#
# Environment (defaults): PV_INSTANCE (bench), PV_BENCH_DURATION (10s, each wrk run),
# PV_WRK_THREADS / PV_WRK_CONNECTIONS (2 / 64), PV_BENCH_VOTERS (300000 per vote run),
# PV_BENCH_FLUSH_VOTES (500000), PV_BENCH_SKIP_BUILD=1 to reuse the last Release build.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PV_INSTANCE="${PV_INSTANCE:-bench}"
DURATION="${PV_BENCH_DURATION:-10s}"
THREADS="${PV_WRK_THREADS:-2}"
CONNECTIONS="${PV_WRK_CONNECTIONS:-64}"
VOTERS="${PV_BENCH_VOTERS:-300000}"
FLUSH_VOTES="${PV_BENCH_FLUSH_VOTES:-500000}"
CANDIDATES=5
SERVICES="$REPO_ROOT/infra/services.sh"
API_DIR="$REPO_ROOT/src/PublicVote.Api/bin/Release/net10.0"
NAIVE_DIR="$REPO_ROOT/loadtests/NaiveBaseline/bin/Release/net10.0"
TOOL_DLL="$REPO_ROOT/loadtests/PublicVote.LoadTests/bin/Release/net10.0/PublicVote.LoadTests.dll"
VOTE_LUA="$REPO_ROOT/loadtests/wrk/vote.lua"

die() { echo "bench: $*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*" >&2; }
[[ $PV_INSTANCE != dev && $PV_INSTANCE != test ]] || die "use a bench instance, not '$PV_INSTANCE'"
for tool in wrk redis-benchmark redis-cli psql dotnet python3; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done

OUT="$REPO_ROOT/loadtests/results/$(date +%Y%m%d-%H%M%S)"
WORK="$(mktemp -d)"
mkdir -p "$OUT"
PIDS=()
STARTED_SERVICES=0
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  if ((STARTED_SERVICES)); then
    bash "$SERVICES" stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_ready() { # url seconds
  local i
  for ((i = 0; i < $2 * 5; i++)); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  die "$1 did not answer within $2 s"
}
cpu_ticks() { # pid... -> summed utime+stime (clock ticks)
  local pid sum=0 stat
  for pid in "$@"; do
    stat=$(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null) || continue
    sum=$((sum + $(awk '{print $12 + $13}' <<<"$stat")))
  done
  echo "$sum"
}
postmaster_pid() { # the postmaster whose data dir says it listens on our port
  local pid dir
  for pid in $(pgrep -x postgres); do
    dir=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | sed -n '/^-D$/{n;p}')
    [[ -n $dir && $(sed -n 4p "$dir/postmaster.pid" 2>/dev/null) == "$PV_PG_PORT" ]] && { echo "$pid"; return; }
  done
}
pg_ticks() { # CPU of our cluster: live backends plus those already exited (reaped by the postmaster)
  local pm=$1 reaped
  reaped=$(cut -d')' -f2 "/proc/$pm/stat" | awk '{print $14 + $15}')
  echo $((reaped + $(cpu_ticks $(pgrep -P "$pm"))))
}
rps_of() { awk '/Requests\/sec/ {printf "%d", $2}' "$1"; }
p_of() { awk -v p="$2" '$1 == p {print $2}' "$1"; } # file, "50%" | "99%"
errors_of() { sed -n 's/^vote.lua: status >= 400: //p' "$1"; }
requests_of() { awk '/requests in/ {print $1}' "$1"; }
sql() { psql -h 127.0.0.1 -p "$PV_PG_PORT" -U "$PV_PG_USER" -d "$PV_PG_DB" -Atq -v ON_ERROR_STOP=1 -c "$1"; }
rcli() { redis-cli -h 127.0.0.1 -p "$PV_REDIS_PORT" "$@"; }
api() { (cd "$API_DIR" && dotnet PublicVote.Api.dll "$@"); }
wrk_votes() { # out-file tokens-file base-url [pause-ms] [duration]
  PV_TOKENS="$2" PV_CAMPAIGN="$CAMPAIGN" PV_CANDIDATES=$CANDIDATES PV_CANDIDATE_FIRST="$FIRST" PV_WRK_PAUSE_MS="${4:-0}" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${5:-$DURATION}" --latency -s "$VOTE_LUA" "$3" -- "$THREADS" >"$1"
}

# ------------------------------------------------------------------ setup
say "services ($PV_INSTANCE)"
bash "$SERVICES" status >/dev/null 2>&1 || STARTED_SERVICES=1
bash "$SERVICES" start
eval "$(bash "$SERVICES" env)"
eval "$(bash "$SERVICES" vars)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
if [[ ${PV_BENCH_SKIP_BUILD:-0} != 1 ]]; then
  say "build (Release)"
  dotnet build "$REPO_ROOT/src/PublicVote.Api" -c Release -v quiet -nologo >&2
  dotnet build "$REPO_ROOT/loadtests/NaiveBaseline" -c Release -v quiet -nologo >&2
  dotnet build "$REPO_ROOT/loadtests/PublicVote.LoadTests" -c Release -v quiet -nologo >&2
fi
Voting__SessionKey="$(head -c 48 /dev/urandom | base64 -w0)"
export Voting__SessionKey Logging__LogLevel__Default=Warning
api migrate >/dev/null

make_campaign() { # slug -> "id first_candidate"
  sql "
    WITH c AS (INSERT INTO campaigns (slug, name, vote_starts_at, vote_ends_at, daily_vote_limit, per_candidate_daily_limit)
               VALUES ('$1', 'bench', now() - interval '1 hour', now() + interval '1 day', $CANDIDATES, 1) RETURNING id),
         g AS (INSERT INTO categories (campaign_id, code, name, kind) SELECT id, 'all', 'all', 'unit' FROM c RETURNING id, campaign_id),
         k AS (INSERT INTO candidates (campaign_id, category_id, number, name)
               SELECT campaign_id, id, n::text, 'candidate ' || n FROM g, generate_series(1, $CANDIDATES) n RETURNING id, campaign_id)
    SELECT min(campaign_id), min(id), max(id) FROM k" | tr '|' ' '
}
run_id="$(date +%s)-$$"
read -r CAMPAIGN FIRST LAST < <(make_campaign "bench-$run_id")
read -r FLUSH_CAMPAIGN FLUSH_FIRST _ < <(make_campaign "bench-flush-$run_id")
((LAST - FIRST == CANDIDATES - 1)) || die "candidate ids of campaign $CAMPAIGN are not consecutive"
say "campaign $CAMPAIGN (candidates $FIRST..$LAST), flush campaign $FLUSH_CAMPAIGN; minting sessions"
api mint-sessions --campaign "$CAMPAIGN" --count 20000 --prefix "warm-$run_id" >"$WORK/warm.txt"
api mint-sessions --campaign "$CAMPAIGN" --count "$VOTERS" --prefix "a-$run_id" >"$WORK/a.txt"
api mint-sessions --campaign "$CAMPAIGN" --count "$VOTERS" --prefix "b-$run_id" >"$WORK/b.txt"
api mint-sessions --campaign "$CAMPAIGN" --count 100000 --prefix "c-$run_id" >"$WORK/c.txt"

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
say "API on $BASE"
# Every wrk request comes from 127.0.0.1: the per-IP bucket (sized for carrier NAT) would refuse most of
# them, so it is opened up here; the per-voter bucket stays as configured. The anti-fraud detector host is off on
# this node: it runs on one node of a deployment at a time (a PostgreSQL session lock) and belongs on a node of its
# own (docs/capacity.md); on these 2 shared cores it took a quarter to a third of the vote rate (docs/performance.md).
# Its cost per vote is the evaluation harness's "time in the detectors" (loadtests/results/fraud-eval.md).
(cd "$API_DIR" && RateLimiting__PerIpBurst=10000000 RateLimiting__PerIpPerSecond=10000000 AntiFraud__Host__Enabled=false \
  exec dotnet PublicVote.Api.dll --urls "$BASE") >"$WORK/api.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
wait_ready "$BASE/readyz" 60
REDIS_PID=$(cat "$PV_DATA_DIR/redis/redis.pid")

say "warm-up (JIT, pools)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$BASE/healthz" >/dev/null
wrk_votes "$WORK/warm.out" "$WORK/warm.txt" "$BASE" 0 8s

# ------------------------------------------------------------------ measurements
say "plaintext ceiling: wrk GET /healthz"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/healthz" | tee "$OUT/plaintext.txt" >&2

say "vote endpoint: wrk POST /votes, closed loop, $CONNECTIONS connections"
PM=$(postmaster_pid)
api0=$(cpu_ticks "$API_PID"); redis0=$(cpu_ticks "$REDIS_PID"); pg0=$(pg_ticks "$PM")
wrk_votes "$OUT/vote.txt" "$WORK/a.txt" "$BASE"
api1=$(cpu_ticks "$API_PID"); redis1=$(cpu_ticks "$REDIS_PID"); pg1=$(pg_ticks "$PM")
cat "$OUT/vote.txt" >&2
VOTE_N=$(requests_of "$OUT/vote.txt")
HZ=$(getconf CLK_TCK)
us_per_vote() { echo $((($2 - $1) * 1000000 / HZ / VOTE_N)); }

VOTE_RPS=$(rps_of "$OUT/vote.txt")
RATE70=$((VOTE_RPS * 7 / 10))
# Pacing: rate = connections / (pause + latency). A short run at the naive pause measures the latency at
# about that load; the real run subtracts it.
pause_for() { python3 -c "print(f'{max(0.0, $CONNECTIONS * 1000 / $1 - $2):.2f}')"; }
PAUSE0=$(pause_for "$RATE70" 0)
wrk_votes "$WORK/calibrate.out" "$WORK/c.txt" "$BASE" "$PAUSE0" 4s
LATENCY_MS=$(python3 -c "print(max(0.0, $CONNECTIONS * 1000 / max($(rps_of "$WORK/calibrate.out"), 1) - $PAUSE0))")
PAUSE=$(pause_for "$RATE70" "$LATENCY_MS")
say "vote endpoint at ~70% of that ($RATE70/s: wrk paced, $PAUSE ms between requests) and PostgreSQL lag"
(while sleep 0.5; do rcli xlen "pv:{c:$CAMPAIGN:0}:log"; done >"$WORK/xlen.txt") &
SAMPLER=$!
PIDS+=("$SAMPLER")
wrk_votes "$OUT/vote70.txt" "$WORK/b.txt" "$BASE" "$PAUSE"
kill "$SAMPLER" 2>/dev/null || true
cat "$OUT/vote70.txt" >&2
MAX_PENDING=$(sort -n "$WORK/xlen.txt" | tail -n1)
drain_start=$(date +%s%N)
for ((i = 0; i < 600; i++)); do
  [[ $(rcli xlen "pv:{c:$CAMPAIGN:0}:log") == 0 ]] && break
  sleep 0.1
done
DRAIN_AFTER_MS=$((($(date +%s%N) - drain_start) / 1000000))

say "open-model load tool: vote-only at $RATE70/s, then the correctness check"
# Arrivals at a fixed rate whatever the latency (latency counted from each intended start), fresh voters in a
# campaign of its own, and afterwards PostgreSQL must hold exactly the votes that got a 200.
set +e
dotnet "$TOOL_DLL" vote-only --base-url "$BASE" --api-dll "$API_DIR/PublicVote.Api.dll" --rate "$RATE70" \
  --warmup 3 --ramp 2 --duration "${DURATION%s}" --results "$OUT/loadtool" >"$OUT/loadtool.txt" 2>&1
LOADTOOL_RC=$?
set -e
LOADTOOL_LINE=$(python3 - "$OUT/loadtool/summary.json" "$LOADTOOL_RC" <<'PYEOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except OSError:
    print(f"did not run (exit {sys.argv[2]}, see loadtool.txt)"); sys.exit()
l, c = d["latency"], d["correctness"] or {}
print(f"offered {d['offeredRate']}/s, achieved {d['achievedRate']}/s, p50 {l['p50']} ms, p99 {l['p99']} ms, "
      f"p99.9 {l['p999']} ms, errors {d['errorCount']}, dropped {d['droppedByGenerator']}; "
      f"{c.get('acceptedVotes')} accepted, {c.get('lost')} lost, {c.get('extra')} extra (exit {d['exitCode']})")
PYEOF
)

kill "$API_PID" && wait "$API_PID" 2>/dev/null || true

say "Redis ceiling: redis-benchmark EVALSHA vote.lua"
SHA=$(rcli script load "$(cat "$REPO_ROOT/src/PublicVote.Api/Storage/Redis/Scripts/vote.lua")")
DAY=$(TZ=Asia/Shanghai date +%Y%m%d)
MINUTE=$(($(date +%s) / 60))
# The script as the API calls it, anti-fraud signals on (KEYS 5-8: first-seen, surge, held, the prefix's new-voter
# HyperLogLog; ARGV 12-22), every voter fresh and in one /24, as in the API runs above.
redis_bench() { # out-file keytag requests [pipeline]
  local tag=$2
  redis-benchmark -h 127.0.0.1 -p "$PV_REDIS_PORT" -c "$CONNECTIONS" -n "$3" -r 100000000 ${4:+-P "$4"} -q \
    evalsha "$SHA" 8 "pv:$tag:d:$DAY" "pv:$tag:n" "pv:$tag:m:$MINUTE" "pv:$tag:log" \
    "pv:$tag:f" "pv:$tag:z" "pv:$tag:h" "pv:$tag:x:$((MINUTE / 60)):127.0.0.0/24" "rb-__rand_int__" \
    "$FLUSH_FIRST" 5 1 200000 172860 86400 "$(date +%s000)" "$DAY" 127.0.0.1 0123456789abcdef \
    0 0 5 127.0.0.0/24 3600000 "" 7200 3000 30 2 7200 |
    tr '\r' '\n' | grep -v '^$' | tail -n1 >"$1"
  sed -n 's/.*: \([0-9.]*\) requests per second.*/\1/p' "$1" | cut -d. -f1
}
REDIS_RPS=$(redis_bench "$OUT/redis.txt" "{c:0:0}" 200000)
rcli del "pv:{c:0:0}:d:$DAY" "pv:{c:0:0}:n" "pv:{c:0:0}:m:$MINUTE" "pv:{c:0:0}:log" "pv:{c:0:0}:x:$((MINUTE / 60)):127.0.0.0/24" >/dev/null
# Pipelined into the flush campaign's real keys: this run is also the flusher's preload.
REDIS_P16_RPS=$(redis_bench "$OUT/redis-p16.txt" "{c:$FLUSH_CAMPAIGN:0}" "$FLUSH_VOTES" 16)
PRELOADED=$(rcli xlen "pv:{c:$FLUSH_CAMPAIGN:0}:log")

say "flusher: drain $PRELOADED votes to PostgreSQL"
api drain | tee "$OUT/drain.txt" >&2
FLUSH_RPS=$(sed -n 's/.* votesPerSecond=\([0-9]*\).*/\1/p' "$OUT/drain.txt")
FLUSH_WARM_RPS=$(sed -n 's/.*warmVotesPerSecond=\([0-9]*\).*/\1/p' "$OUT/drain.txt")
FLUSH_LATE_RPS=$(sed -n 's/.*lateVotesPerSecond=\([0-9]*\).*/\1/p' "$OUT/drain.txt")

say "naive baseline: one SQL transaction per vote"
NAIVE_PORT=$(free_port)
(cd "$NAIVE_DIR" && exec dotnet NaiveBaseline.dll --urls "http://127.0.0.1:$NAIVE_PORT") >"$WORK/naive.log" 2>&1 &
NAIVE_PID=$!
PIDS+=("$NAIVE_PID")
wait_ready "http://127.0.0.1:$NAIVE_PORT/healthz" 60
wrk_votes "$WORK/naive-warm.out" "$WORK/warm.txt" "http://127.0.0.1:$NAIVE_PORT" 0 3s
wrk_votes "$OUT/naive.txt" "$WORK/a.txt" "http://127.0.0.1:$NAIVE_PORT"
cat "$OUT/naive.txt" >&2
kill "$NAIVE_PID" && wait "$NAIVE_PID" 2>/dev/null || true

# ------------------------------------------------------------------ reconciliation and report
# Counted and held votes: the candidates taking turns in vote.lua can look like a surge to the detector host,
# which then holds fresh voters' votes (Redis :h, PostgreSQL pending) instead of counting them.
REDIS_COUNT=$( (rcli hgetall "pv:{c:$CAMPAIGN:0}:n"; rcli hgetall "pv:{c:$CAMPAIGN:0}:h") | awk 'NR % 2 == 0 {s += $1} END {print s + 0}')
PG_COUNT=$(sql "SELECT coalesce(sum(votes + pending), 0) FROM vote_totals WHERE campaign_id = $CAMPAIGN")
PG_ROWS=$(sql "SELECT count(*) FROM votes WHERE campaign_id = $CAMPAIGN")
PENDING=$(rcli xlen "pv:{c:$CAMPAIGN:0}:log")
ACCEPTED=$(($(requests_of "$WORK/warm.out") - $(errors_of "$WORK/warm.out") + $(requests_of "$WORK/calibrate.out") - $(errors_of "$WORK/calibrate.out") + $(requests_of "$OUT/vote.txt") - $(errors_of "$OUT/vote.txt") + $(requests_of "$OUT/vote70.txt") - $(errors_of "$OUT/vote70.txt")))
RECONCILED="no"
[[ $REDIS_COUNT == "$PG_COUNT" && $PG_COUNT == "$PG_ROWS" && $PENDING == 0 ]] && RECONCILED="yes"

PLAIN_RPS=$(rps_of "$OUT/plaintext.txt")
NAIVE_RPS=$(rps_of "$OUT/naive.txt")
ratio() { python3 -c "print(f'{$1 / max($2, 1):.2f}')"; }
cat >"$OUT/report.md" <<EOF
# Bench $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)

Machine: $(nproc) cores, load average before the run $(cut -d' ' -f1-3 /proc/loadavg) (other users of the CPU make
every figure here provisional). Everything on this box: API (Release), Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')
with \`appendfsync always\`, PostgreSQL, wrk; the API's flusher on, its anti-fraud detector host off (a node of its own). wrk -t$THREADS -c$CONNECTIONS -d$DURATION.

| measurement | result |
|---|---|
| plaintext ceiling (\`GET /healthz\`, same process) | $PLAIN_RPS req/s, p50 $(p_of "$OUT/plaintext.txt" 50%), p99 $(p_of "$OUT/plaintext.txt" 99%) |
| vote endpoint, closed loop | **$VOTE_RPS votes/s**, p50 $(p_of "$OUT/vote.txt" 50%), p99 $(p_of "$OUT/vote.txt" 99%), refused $(errors_of "$OUT/vote.txt") |
| CPU per vote (that run) | API $(us_per_vote "$api0" "$api1") µs, Redis $(us_per_vote "$redis0" "$redis1") µs, PostgreSQL (flusher) $(us_per_vote "$pg0" "$pg1") µs |
| vote endpoint paced at ~70% (aimed $RATE70/s) | $(rps_of "$OUT/vote70.txt") votes/s, p50 $(p_of "$OUT/vote70.txt" 50%), **p99 $(p_of "$OUT/vote70.txt" 99%)** (closed-loop approximation) |
| PostgreSQL lag at ~70% | at most $MAX_PENDING votes pending in the stream; drained ${DRAIN_AFTER_MS} ms after the run |
| open-model load tool | $LOADTOOL_LINE |
| Redis ceiling, EVALSHA vote.lua (signals on), $CONNECTIONS clients | $REDIS_RPS/s unpipelined, $REDIS_P16_RPS/s with -P 16 |
| flusher, $PRELOADED votes preloaded | **$FLUSH_RPS votes/s** into PostgreSQL ($FLUSH_WARM_RPS/s after the first round, which JITs the fresh \`drain\` process; $FLUSH_LATE_RPS/s over the second half of the votes) |
| naive baseline (one SQL transaction per vote) | $NAIVE_RPS votes/s, p99 $(p_of "$OUT/naive.txt" 99%), refused $(errors_of "$OUT/naive.txt") |
| reconciliation | $RECONCILED: $ACCEPTED accepted as wrk counted (warm-up included), Redis counters $REDIS_COUNT, PostgreSQL totals $PG_COUNT / rows $PG_ROWS (held for review included), pending $PENDING |

| ratio | value | target |
|---|---|---|
| vote / plaintext | $(ratio "$VOTE_RPS" "$PLAIN_RPS") | ≥ 0.5 |
| vote / naive | $(ratio "$VOTE_RPS" "$NAIVE_RPS") | ≥ 10 |
| vote / Redis ceiling (unpipelined) | $(ratio "$VOTE_RPS" "$REDIS_RPS") | |
| flusher / 100k | $(ratio "$FLUSH_RPS" 100000) (warm $(ratio "$FLUSH_WARM_RPS" 100000)) | ≥ 1 |
EOF
say "report: $OUT/report.md"
cat "$OUT/report.md"

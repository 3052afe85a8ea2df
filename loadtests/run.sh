#!/usr/bin/env bash
# One bounded load-test run of the open-model tool against a freshly started API on loopback.
#
#   bash loadtests/run.sh <vote-only|citizen-journey|push-spike|read-heavy> [tool options]
#   e.g. bash loadtests/run.sh vote-only --rate 300 --duration 20
#
# Starts the PV_INSTANCE (default 'load') Redis + PostgreSQL, builds the API, the WeChat sandbox and the tool
# in Release, starts the sandbox (for --sessions wechat) and the API on free loopback ports with a fresh session key, the flusher on and the rate limits raised (every
# voter comes from 127.0.0.1), runs the tool (which creates a fresh campaign, mints the sessions with the
# API's mint-sessions command, runs, checks PostgreSQL and writes the report), then stops the API and the
# services. The tool's exit code is the script's: 0 pass, 1 lost/extra votes, 2 bad usage, 3 failed requests.
#
# Environment: PV_INSTANCE (never dev/test), PV_LOAD_TIMEOUT (whole tool run, default 900 s),
# PV_KEEP_SERVICES=1 (leave Redis/PostgreSQL running), PV_API_ARGS (extra API settings, e.g. "--Flusher:BatchSize 5000").
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"
export PV_INSTANCE="${PV_INSTANCE:-load}"
die() { echo "run.sh: $*" >&2; exit 2; }
[[ $PV_INSTANCE != dev && $PV_INSTANCE != test ]] || die "PV_INSTANCE=$PV_INSTANCE is reserved; use another name (default 'load')"
(($# >= 1)) || die "usage: bash loadtests/run.sh <vote-only|citizen-journey|push-spike|read-heavy> [tool options]"
command -v curl >/dev/null || die "curl is needed to wait for the API"
TIMEOUT="${PV_LOAD_TIMEOUT:-900}"

SERVICES="$REPO_ROOT/infra/services.sh"
eval "$(bash "$SERVICES" vars)"
mkdir -p "$PV_DATA_DIR/logs"
API_LOG="$PV_DATA_DIR/logs/load-api-$(date -u +%Y%m%d-%H%M%S).log"
api_pid=""
sandbox_pid=""

# shellcheck disable=SC2317 # invoked by the EXIT trap
finish() {
  local rc=$?
  if [[ -n $api_pid ]] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    # Bounded: a hung API is killed after 20 s.
    for _ in $(seq 1 40); do kill -0 "$api_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$api_pid" 2>/dev/null || true
  fi
  [[ -z $sandbox_pid ]] || kill "$sandbox_pid" 2>/dev/null || true
  if [[ ${PV_KEEP_SERVICES:-0} != 1 ]]; then
    bash "$SERVICES" stop >/dev/null 2>&1 || echo "run.sh: stopping the services failed" >&2
  fi
  exit "$rc"
}
trap finish EXIT

bash "$SERVICES" start
eval "$(bash "$SERVICES" env)"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build src/PublicVote.Api -c Release -v quiet -nologo
dotnet build src/PublicVote.WeChatSandbox -c Release -v quiet -nologo
dotnet build loadtests/PublicVote.LoadTests -c Release -v quiet -nologo
API_DLL="$REPO_ROOT/src/PublicVote.Api/bin/Release/net10.0/PublicVote.Api.dll"
SANDBOX_DLL="$REPO_ROOT/src/PublicVote.WeChatSandbox/bin/Release/net10.0/PublicVote.WeChatSandbox.dll"
TOOL_DLL="$REPO_ROOT/loadtests/PublicVote.LoadTests/bin/Release/net10.0/PublicVote.LoadTests.dll"

# Free ports from the OS (the tiny window before the servers bind them is acceptable for a manual run).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
SANDBOX_URL="http://127.0.0.1:$(free_port)"

# The WeChat sandbox, so that --sessions wechat signs every voter in through the product's real login flow.
SANDBOX_APPID=wx5a9c0d1e2f3b4a60
WeChat__AppSecret="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export WeChat__AppSecret WeChat__AppId=$SANDBOX_APPID WeChat__PublicBaseUrl=$URL
export WeChat__OAuthBaseUrl=$SANDBOX_URL WeChat__ApiBaseUrl=$SANDBOX_URL
(cd "$(dirname "$SANDBOX_DLL")" && exec dotnet "$SANDBOX_DLL" --urls "$SANDBOX_URL" --Sandbox:AppId "$SANDBOX_APPID" \
  --Sandbox:AppSecret "$WeChat__AppSecret") >"$PV_DATA_DIR/logs/load-sandbox.log" 2>&1 &
sandbox_pid=$!

# A session key for this run only: the API verifies with it and mint-sessions (run by the tool, which
# inherits the environment) signs with it. Never printed.
Voting__SessionKey="$(head -c 48 /dev/urandom | base64 -w0)"
export Voting__SessionKey
export Flusher__Enabled=true
# All load comes from 127.0.0.1 and journeys send ~10 requests per voter within a second: the per-IP and
# per-voter buckets would refuse the load itself, not measure the product.
export RateLimiting__PerIpBurst=10000000 RateLimiting__PerIpPerSecond=10000000
export RateLimiting__PerVoterBurst=1000 RateLimiting__PerVoterPerSecond=1000
export Logging__LogLevel__Default=Warning

# Run from the output folder: it is the content root, where appsettings.json lives.
# shellcheck disable=SC2086 # PV_API_ARGS is split on purpose
(cd "$(dirname "$API_DLL")" && exec dotnet "$API_DLL" --urls "$URL" ${PV_API_ARGS:-}) >"$API_LOG" 2>&1 &
api_pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$URL/readyz" 2>/dev/null && break
  kill -0 "$api_pid" 2>/dev/null || die "the API exited at start; see $API_LOG"
  sleep 0.5
done
curl -fsS -o /dev/null "$URL/readyz" || die "the API is not ready after 60 s; see $API_LOG"
echo "run.sh: API on $URL (log $API_LOG)"

set +e
timeout --signal=INT --kill-after=30 "$TIMEOUT" dotnet "$TOOL_DLL" "$@" --base-url "$URL" --api-dll "$API_DLL"
rc=$?
set -e
((rc != 124)) || echo "run.sh: the tool hit PV_LOAD_TIMEOUT=$TIMEOUT s and was stopped" >&2
exit "$rc"

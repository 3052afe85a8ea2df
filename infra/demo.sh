#!/usr/bin/env bash
# The project's run command (README): starts the 'dev' Redis + PostgreSQL and the
# WeChat sandbox, seeds a demo campaign, mints a voter session, prints ready-to-paste
# commands and runs the API in the foreground (Ctrl-C stops it and the sandbox).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"
export PV_INSTANCE=dev
SERVICES="$REPO_ROOT/infra/services.sh"
eval "$(bash "$SERVICES" vars)"

bash "$SERVICES" start
eval "$(bash "$SERVICES" env)"

# Secrets are generated once per data dir and kept out of git (.data/ is ignored),
# so sessions minted earlier stay valid across restarts.
SECRETS="$PV_DATA_DIR/secrets.env"
if [[ ! -s $SECRETS ]]; then
  (
    umask 077
    {
      echo "export Voting__SessionKey='$(head -c 48 /dev/urandom | base64 -w0)'"
      echo "export Admin__TokenKey='$(head -c 32 /dev/urandom | base64 -w0)'"
      echo "export Admin__BootstrapUser='admin'"
      echo "export Admin__BootstrapPassword='$(head -c 18 /dev/urandom | base64 -w0 | tr '+/' '-_')'"
      echo "export WeChat__AppSecret='$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')'"
    } >"$SECRETS.tmp"
    mv "$SECRETS.tmp" "$SECRETS"
  )
fi
chmod 600 "$SECRETS"
# shellcheck source=/dev/null
source "$SECRETS"
# Data dirs made before organizer accounts existed lack the admin secrets: add them once.
if [[ -z ${Admin__TokenKey:-} ]]; then
  {
    echo "export Admin__TokenKey='$(head -c 32 /dev/urandom | base64 -w0)'"
    echo "export Admin__BootstrapUser='admin'"
    echo "export Admin__BootstrapPassword='$(head -c 18 /dev/urandom | base64 -w0 | tr '+/' '-_')'"
  } >>"$SECRETS"
  # shellcheck source=/dev/null
  source "$SECRETS"
fi
# Data dirs made before the WeChat sandbox existed lack its secret: add it once.
if [[ -z ${WeChat__AppSecret:-} ]]; then
  echo "export WeChat__AppSecret='$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')'" >>"$SECRETS"
  # shellcheck source=/dev/null
  source "$SECRETS"
fi

# Candidate photos and thumbnails (docs/candidates.md) live with the instance's other data.
export Media__Root="$PV_DATA_DIR/media"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build src/PublicVote.Api -c Release
dotnet build src/PublicVote.WeChatSandbox -c Release
APP_DLL="$REPO_ROOT/src/PublicVote.Api/bin/Release/net10.0/PublicVote.Api.dll"
SANDBOX_DLL="$REPO_ROOT/src/PublicVote.WeChatSandbox/bin/Release/net10.0/PublicVote.WeChatSandbox.dll"
URL="http://127.0.0.1:${PV_API_PORT:-5080}"
SANDBOX_URL="http://127.0.0.1:${PV_SANDBOX_PORT:-5081}"

# The WeChat sandbox stands in for WeChat (never deployed); the API is pointed at it.
SANDBOX_APPID=wx5a9c0d1e2f3b4a60
export WeChat__AppId=$SANDBOX_APPID WeChat__PublicBaseUrl=$URL
export WeChat__OAuthBaseUrl=$SANDBOX_URL WeChat__ApiBaseUrl=$SANDBOX_URL
mkdir -p "$PV_DATA_DIR/logs"
(cd "$(dirname "$SANDBOX_DLL")" && exec dotnet "$SANDBOX_DLL" --urls "$SANDBOX_URL" \
  --Sandbox:AppId "$SANDBOX_APPID" --Sandbox:AppSecret "$WeChat__AppSecret") >"$PV_DATA_DIR/logs/sandbox.log" 2>&1 &
SANDBOX_PID=$!
trap 'kill "$SANDBOX_PID" 2>/dev/null || true' EXIT
# Run from the output folder: it is the content root, where appsettings.json lives.
cd "$(dirname "$APP_DLL")"

# The app migrates the schema itself; seed-demo ends its stdout with campaignId=N
# (the last such line counts, in case logging also goes to stdout).
seed_out=$(dotnet "$APP_DLL" seed-demo)
printf '%s\n' "$seed_out"
CAMPAIGN=$(printf '%s\n' "$seed_out" | tr -d '\r' | sed -n 's/^campaignId=\([0-9][0-9]*\)$/\1/p' | tail -n1)
[[ -n $CAMPAIGN ]] || { echo "seed-demo did not end with 'campaignId=N'" >&2; exit 1; }

# mint-session prints the voter's bearer token (last stdout line).
TOKEN=$(dotnet "$APP_DLL" mint-session --campaign "$CAMPAIGN" --openid demo-voter-1 | tr -d '\r' | tail -n1)
[[ -n $TOKEN ]] || { echo "mint-session printed no token" >&2; exit 1; }

cat <<EOF

================================================================
 PublicVote demo: $URL   (campaign $CAMPAIGN)
 Admin: user '$Admin__BootstrapUser', password in $SECRETS (Admin__BootstrapPassword)
 Secrets: $SECRETS

 The citizens' H5 pages (open in a phone-sized window; outside WeChat you get the "open in WeChat" page first):
   $URL/h5/?c=$CAMPAIGN
 Sign in through the WeChat sandbox ($SANDBOX_URL) in any browser, landing on your votes:
   $URL/api/v1/wechat/authorize?campaignId=$CAMPAIGN&returnUrl=/api/v1/campaigns/$CAMPAIGN/me
 The campaign and its candidates:
   curl -s $URL/api/v1/campaigns/$CAMPAIGN ; curl -s "$URL/api/v1/campaigns/$CAMPAIGN/candidates?pageSize=50"

 Vote as demo-voter-1:
   curl -s -X POST $URL/api/v1/campaigns/$CAMPAIGN/votes -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"candidateId":1}'
 See my votes:
   curl -s $URL/api/v1/campaigns/$CAMPAIGN/me -H "Authorization: Bearer $TOKEN"
 Organizer totals (sign in, then use the bearer token; docs/accounts.md):
   source $SECRETS
   ADMIN_TOKEN=\$(curl -s -X POST $URL/api/admin/login -H 'Content-Type: application/json' \
     -d "{\"userName\":\"$Admin__BootstrapUser\",\"password\":\"\$Admin__BootstrapPassword\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
   curl -s -H "Authorization: Bearer \$ADMIN_TOKEN" $URL/api/admin/campaigns/$CAMPAIGN/totals

 Ctrl-C stops the API and the sandbox; 'bash infra/services.sh stop' stops Redis/PostgreSQL.
================================================================

EOF

# Not exec: the trap must stop the sandbox when the API exits.
dotnet "$APP_DLL" --urls "$URL"

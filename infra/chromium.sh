#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/PublicVote.BrowserTests): Playwright drives /usr/bin/chromium
# through ExecutablePath, never a browser build of its own (`playwright install` downloads one and cannot here).
#
#   bash infra/chromium.sh [install|path]
#
# install (default): apt-get install chromium when /usr/bin/chromium is missing (needs root; a non-root user only
# gets the check and the command to run). path: prints the executable the tests will use.
set -euo pipefail

CHROMIUM="${PV_CHROMIUM:-/usr/bin/chromium}"
log() { printf '[chromium] %s\n' "$*" >&2; }

case "${1:-install}" in
  path) echo "$CHROMIUM" ;;
  install)
    if [[ -x $CHROMIUM ]]; then
      log "$CHROMIUM is installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
      exit 0
    fi
    if [[ $EUID -ne 0 ]]; then
      log "missing: $CHROMIUM; as root run: apt-get update && apt-get install -y chromium"
      exit 1
    fi
    log "installing Debian's chromium"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk
    [[ -x $CHROMIUM ]] || { log "ERROR: $CHROMIUM still missing after apt-get install"; exit 1; }
    ;;
  *) echo "usage: $0 [install|path]" >&2; exit 2 ;;
esac

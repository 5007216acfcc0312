#!/usr/bin/env bash
# Runs parley's whole test suite on a fresh Debian machine with Go: installs what the tests
# need (Debian's Chromium for the browser tests) when it is missing, then vets and tests.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} from Debian's packages"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The shared ANAC domains live beside the checkout unless PARLEY_DOMAINS says otherwise.
export PARLEY_DOMAINS="${PARLEY_DOMAINS:-$(cd .. && pwd)/shared/domains}"

go vet ./...
go test -count=1 -timeout 20m ./...

#!/usr/bin/env bash
# Runs parley's whole test suite on a fresh Debian machine with Go: installs what the tests
# need when it is missing (Debian's Chromium for the browser tests, PostgreSQL for the
# PostgreSQL store's tests, which start their own server), then vets, runs staticcheck and tests.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} from Debian's packages"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The package may start a cluster of its own; the tests start theirs on a free port.
  $sudo service postgresql stop >/dev/null 2>&1 || true
fi

# The tools that check the OpenAPI document (httpapi's tests): Redocly CLI, openapi-typescript
# and tsc, pinned in tools/api/package-lock.json; oapi-codegen's Go modules, pinned in
# httpapi/testdata/genclient/go.sum. Installed once; skipped when the lock file is unchanged.
if ! cmp -s tools/api/package-lock.json tools/api/node_modules/.parley-lock; then
  echo "test.sh: installing the npm tools of tools/api"
  npm ci --prefix tools/api --no-audit --no-fund --loglevel=error >/dev/null
  cp tools/api/package-lock.json tools/api/node_modules/.parley-lock
fi
go -C httpapi/testdata/genclient mod download
go mod download

# The shared ANAC domains (and their siblings domains-nonlinear, domains-geniusweb) live in
# shared/ beside the checkout, or beside the repository this one was cloned from, unless
# PARLEY_DOMAINS says otherwise.
if [ -z "${PARLEY_DOMAINS:-}" ]; then
  origin=$(git remote get-url origin 2>/dev/null || true)
  # A local origin may be written "/path/repo/."; resolve it to the repository's folder.
  [ -n "$origin" ] && [ -d "$origin" ] && origin=$(cd "$origin" && pwd)
  for base in "$(cd .. && pwd)" "${origin:+$(dirname "$origin")}"; do
    if [ -n "$base" ] && [ -d "$base/shared/domains" ]; then
      export PARLEY_DOMAINS="$base/shared/domains"
      break
    fi
  done
fi
if [ -z "${PARLEY_DOMAINS:-}" ]; then
  echo "test.sh: the shared ANAC domains are not beside the checkout; set PARLEY_DOMAINS to their folder" >&2
  exit 1
fi

go vet ./...
# staticcheck, pinned; the go command fetches it from the module proxy on first use.
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
go test -count=1 -timeout 20m ./...

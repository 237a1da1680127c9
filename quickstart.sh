#!/usr/bin/env bash
# regrisk-kg quickstart. Needs only Python 3.11 (and, for the browser tests, Debian's chromium,
# and for the second SPARQL engine's tests, Debian's virtuoso-opensource: this script installs
# both when run as root).
#   ./quickstart.sh serve   set up, ingest the bundled sample articles, serve on http://127.0.0.1:8000
#   ./quickstart.sh test    set up, then run ruff and the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV="${VENV:-.venv}"

# Every step says what it does before it starts, so a first run is never silent for long.
step() { echo "quickstart: $*" >&2; }

install_locked() {
  # The locked packages, with "N of TOTAL packages" rewritten in place once a second from pip's
  # log (the console stays quiet; the log names each package as it is resolved).
  local total=$1 log pid n status=0
  log=$(mktemp)
  "$VENV/bin/python" -m pip install --quiet --require-hashes -r requirements-dev.lock --log "$log" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    n=$(grep -c ' Collecting \| Processing \| Requirement already satisfied' "$log" || true)
    printf '\r  %d of %d packages' "$n" "$total" >&2
    sleep 1
  done
  printf '\n' >&2
  wait "$pid" || status=$?
  rm -f "$log"
  return "$status"
}

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    step "creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
  fi
  # Installs what the lock file pins, each file checked against its sha256 (scripts/lock.sh
  # refreshes it), then the project itself with no dependencies of its own choosing.
  local stamp="$VENV/.installed-$(cat requirements-dev.lock pyproject.toml | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ]; then
    step "$VENV is up to date with requirements-dev.lock"
  else
    local total start=$SECONDS
    total=$(grep -c '^[a-zA-Z0-9]' requirements-dev.lock)
    step "installing $total packages from requirements-dev.lock, each checked by its sha256 (the first time takes a few minutes)"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    install_locked "$total"
    "$VENV/bin/python" -m pip install --quiet --no-deps -e .
    touch "$stamp"
    step "installed in $((SECONDS - start)) s"
  fi
  step "nothing to download at run time: the spaCy model is one of the locked packages, the pages' scripts are vendored"
}

browser() {
  # Headless Chromium for the page tests: Debian's package (no browser download at run time).
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "note: could not install chromium; the browser tests will be skipped" >&2
  fi
}

virtuoso() {
  # Virtuoso Open Source for the remote-store tests (tests/conftest.py starts its own server on a
  # free port; the package's system service is not needed: policy-rc.d or no init leaves it off).
  if ! command -v virtuoso-t >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
      || echo "note: could not install virtuoso-opensource; the Virtuoso tests will be skipped" >&2
  fi
}

audit_tools() {
  # The GraphQL-over-HTTP audit (npm graphql-http), pinned by tests/audit/package-lock.json.
  if command -v npm >/dev/null 2>&1 && [ ! -d tests/audit/node_modules/graphql-http ]; then
    npm ci --prefix tests/audit --no-audit --no-fund --silent \
      || echo "note: could not install graphql-http; the audit test will be skipped" >&2
  fi
}

case "${1:-}" in
  serve)
    setup
    step "starting kg serve: it ingests the sample articles (with a count), then prints its URLs"
    exec "$VENV/bin/kg" serve --samples --store "${KG_STORE:-data/kg}" --host "${KG_HOST:-127.0.0.1}" --port "${KG_PORT:-8000}"
    ;;
  test)
    setup
    browser
    virtuoso
    audit_tools
    "$VENV/bin/ruff" check .
    exec "$VENV/bin/python" -m pytest "${@:2}"
    ;;
  *)
    echo "usage: $0 serve | test [pytest args]" >&2
    exit 2
    ;;
esac

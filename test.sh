#!/usr/bin/env bash
# The whole test suite: lint, then the tests on SQLite, again on PostgreSQL when one is reachable,
# then the browser tests in headless Chromium when it is installed. Prints what ran; exits non-zero
# when anything fails. In CI (CI=true) the PostgreSQL and browser runs are mandatory.
#   ./test.sh [pytest arguments]     e.g. ./test.sh -k directory
set -uo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap test

export LAOCSO_ENV=dev
# Tests keep their files apart from the development database and media.
export LAOCSO_VAR_DIR="${LAOCSO_VAR_DIR:-$PWD/var/test}"
PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/laocso}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
WORKERS="${TEST_WORKERS:-2}"
results=()
failed=0

run() {  # run NAME COMMAND…: runs a step and records its outcome
  local name=$1; shift
  echo
  echo "=== $name"
  if "$@"; then results+=("$name: passed"); else results+=("$name: FAILED"); failed=1; fi
}

skip() {  # skip NAME WHY: a step that cannot run here; fatal in CI
  if [ "${CI:-}" = "true" ]; then results+=("$1: FAILED (required in CI: $2)"); failed=1
  else results+=("$1: skipped ($2)"); fi
}

postgres_reachable() {
  .venv/bin/python - "$PG_URL" <<'PY' 2>/dev/null
import sys
from urllib.parse import urlsplit
import psycopg
url = urlsplit(sys.argv[1])
psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username or "postgres",
                password=url.password or "", dbname="postgres", connect_timeout=3).close()
PY
}

mkdir -p "$LAOCSO_VAR_DIR/static"
run "lint (ruff)" .venv/bin/ruff check .
run "tests on SQLite" env DATABASE_URL="sqlite:///$LAOCSO_VAR_DIR/test.sqlite3" \
  .venv/bin/python -m pytest -n "$WORKERS" -m "not browser" -q "$@"
if postgres_reachable; then
  run "tests on PostgreSQL" env DATABASE_URL="$PG_URL" \
    .venv/bin/python -m pytest -n "$WORKERS" -m "not browser" -q "$@"
else
  skip "tests on PostgreSQL" "no PostgreSQL at $PG_URL"
fi
if [ -n "$CHROMIUM" ]; then
  # axe-core, for the accessibility checks inside Chromium (pinned in package-lock.json).
  if command -v npm >/dev/null 2>&1; then run "npm ci" npm ci --no-audit --no-fund --silent; else skip "npm ci" "no npm on PATH"; fi
  run "browser tests (Chromium)" env CHROMIUM="$CHROMIUM" DJANGO_ALLOW_ASYNC_UNSAFE=true \
    DATABASE_URL="sqlite:///$LAOCSO_VAR_DIR/test.sqlite3" .venv/bin/python -m pytest -m browser -q "$@"
else
  skip "browser tests (Chromium)" "no chromium on PATH"
fi

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
exit $failed

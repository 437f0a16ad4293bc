#!/usr/bin/env bash
# Rewrites requirements.lock from a fresh install of pyproject.toml (with the test tools), so that the
# lock holds exactly what the project needs, at the newest versions the package index offers.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet ".[test]"
{
  sed -n '1,/^# After changing/p' requirements.lock
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v -i '^laocso'
} > "$tmp/lock"
mv "$tmp/lock" requirements.lock
echo "requirements.lock rewritten; commit it with the change to pyproject.toml."

#!/usr/bin/env bash
# Runs the Lao CSO Platform for development at http://127.0.0.1:8000 on the embedded SQLite database
# (var/). Creates .venv, installs, migrates, loads reference and demo data. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap

export LAOCSO_ENV=dev
mkdir -p var/static
.venv/bin/python manage.py dev_setup
echo
echo "The Lao CSO Platform is at http://127.0.0.1:${PORT:-8000}/  (stop it with Ctrl+C)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"

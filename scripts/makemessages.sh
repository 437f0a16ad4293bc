#!/usr/bin/env bash
# Refresh the Lao catalogue from the code and templates; then translate the new (empty) entries in
# locale/lo/LC_MESSAGES/django.po. A test fails while any message lacks a Lao translation.
set -euo pipefail
cd "$(dirname "$0")/.."
LAOCSO_ENV=dev .venv/bin/python manage.py makemessages -l lo --no-obsolete --no-fuzzy-matching \
  -i "var/*" -i "bench/*" -i "docs/*" -i "tools/*" -i "*/tests/*" -i "conftest.py"

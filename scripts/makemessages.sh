#!/usr/bin/env bash
# Refresh the Lao catalogue from the code and templates; then translate the new (empty) entries in
# locale/lo/LC_MESSAGES/django.po. A test fails while any message lacks a Lao translation.
set -euo pipefail
cd "$(dirname "$0")/.."
PO=locale/lo/LC_MESSAGES/django.po
LAOCSO_ENV=dev .venv/bin/python manage.py makemessages -l lo --no-obsolete --no-wrap \
  -i "var/*" -i "bench/*" -i "docs/*" -i "tools/*" -i "*/tests/*" -i "conftest.py" -i "node_modules/*"
# msgmerge guesses a translation for a new message from a similar old one and marks it fuzzy; a guess
# is worse than a visible gap, so new messages are left empty instead.
msgattrib --no-wrap --clear-fuzzy --empty --clear-previous -o "$PO" "$PO"

# Sourced by run.sh and test.sh: finds Python ≥ 3.11, checks the system packages the platform needs,
# creates .venv and installs into it (the versions of requirements.lock) when pyproject.toml or the lock
# changed, and compiles the Lao catalogue.
# Usage: bootstrap [extra]   (extra: "test" installs the test tools too)

die() { echo "$*" >&2; exit 1; }

find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

check_system_packages() {
  local missing=()
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
  if ! .venv/bin/python -c 'import icu' 2>/dev/null; then
    # PyICU compiles against the system ICU.
    pkg-config --exists icu-i18n 2>/dev/null || missing+=(libicu-dev pkg-config)
    command -v c++ >/dev/null 2>&1 || missing+=(g++)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    die "Some system packages are missing. On Debian or Ubuntu, install them with:
    sudo apt-get install ${missing[*]}
then run this command again."
  fi
}

bootstrap() {
  local extra=${1:-}
  local python
  python=$(find_python) || die "Python 3.11 or newer is needed (python3 --version). Install it, or set PYTHON=/path/to/python3.11."
  if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv …"
    "$python" -m venv .venv || die "Could not create .venv (on Debian: sudo apt-get install python3-venv)."
  fi
  check_system_packages
  local spec="." hash
  [ -n "$extra" ] && spec=".[$extra]"
  hash=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
  # An install with the test tools also serves run.sh; reinstall only when pyproject.toml changes.
  if [ ! -f ".venv/.installed-$hash-test" ] && [ ! -f ".venv/.installed-$hash-${extra:-runtime}" ]; then
    echo "Installing Python packages into .venv …"
    .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
    # The versions of requirements.lock, so that every machine runs what the tests ran.
    .venv/bin/python -m pip install --quiet -c requirements.lock "$spec" ||
      die "Installing the Python packages failed (see above)."
    rm -f .venv/.installed-*
    touch ".venv/.installed-$hash-${extra:-runtime}"
  fi
  local po mo
  for po in locale/*/LC_MESSAGES/django.po; do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
      msgfmt --check-format -o "$mo" "$po" || die "The catalogue $po has errors."
    fi
  done
}

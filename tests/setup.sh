#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine: a virtual environment
# with collabkit and its test extras, Debian's Chromium (browser tests) and
# LibreOffice Calc (workbooks written by another program), and axe-core
# (accessibility checks). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"

apt_install() {  # apt_install [apt-get options] PACKAGE...: best effort, warns on failure
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "WARNING: cannot install ${*: -1} (needs root and apt-get); the tests that" \
             "need it will be skipped with a reason (under CI they fail)." >&2
        return 0
    fi
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update -qq || true
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
        echo "WARNING: could not install ${*: -1}; the tests that need it will be" \
             "skipped with a reason (under CI they fail)." >&2
}
command -v chromium >/dev/null 2>&1 || apt_install chromium
command -v soffice >/dev/null 2>&1 || apt_install --no-install-recommends libreoffice-calc-nogui

if [ ! -f tests/node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        npm install --silent --no-audit --no-fund --prefix tests axe-core@4 >/dev/null ||
            echo "WARNING: could not install axe-core; accessibility tests will be" \
                 "skipped (under CI they fail)." >&2
    else
        echo "WARNING: npm not found; accessibility tests will be skipped (under CI they fail)." >&2
    fi
fi
.venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
echo "Test set-up done."

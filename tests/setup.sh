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

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${need_apt[@]}" >/dev/null
    else
        echo "WARNING: cannot install ${need_apt[*]} (needs root and apt-get);" \
             "the tests that need them will be skipped with a reason." >&2
    fi
fi

if [ ! -f tests/node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        npm install --silent --no-audit --no-fund --prefix tests axe-core@4 >/dev/null
    else
        echo "WARNING: npm not found; accessibility tests will be skipped." >&2
    fi
fi
.venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
echo "Test set-up done."

#!/usr/bin/env bash
# The tests in one command: install (with Chromium and the test tools), then pytest on every core.
# Arguments go to pytest (scripts/test.sh -k checklist). With RUN_BENCH=1 (CI) the quick benchmarks run after
# the tests pass. SQLite by default; DATABASE_URL=postgres://… runs the suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test
export DJANGO_DEV=1
.venv/bin/python -m pytest -n auto "$@"

if [ "${RUN_BENCH:-0}" = "1" ]; then
    if [ -f bench/run.py ]; then
        .venv/bin/python bench/run.py --quick
    else
        echo "test: RUN_BENCH=1 but bench/run.py does not exist yet; no benchmarks run"
    fi
fi

#!/usr/bin/env bash
# The demo in one command: install, migrate, load the demo data (it prints the logins), then serve on
# 127.0.0.1:8000 with the background worker (ballot printing) running beside the server until you stop it.
# SQLite by default; set DATABASE_URL to run it on PostgreSQL. HOST/PORT change the address.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export DJANGO_DEV=1 DEBUG=True
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo

.venv/bin/python manage.py db_worker --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"

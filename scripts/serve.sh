#!/usr/bin/env bash
# Serve the app in production: gunicorn with config/gunicorn.conf.py, on GUNICORN_BIND (127.0.0.1:8000 by
# default, behind nginx). It does not migrate (docs/operations.md: upgrades) and does not start the background
# worker (manage.py db_worker, its own service). The settings come from the environment, as always:
# SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, … (docs/operations.md lists them); systemd reads them from
# /etc/rcem/rcem.env, and RCEM_ENV_FILE=path makes this script read such a file too.
#
# Static files: the production settings serve them through WhiteNoise from collectstatic's output (STATIC_ROOT,
# staticfiles/, with a manifest of hashed names), so this script runs collectstatic first whenever a file under
# static/ (or an app's static/) is newer than that manifest (after an upgrade); otherwise it starts at once.
#
# usage: scripts/serve.sh [extra gunicorn options, e.g. --bind 127.0.0.1:8105]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${RCEM_ENV_FILE:-}" ]; then
    set -a
    # shellcheck disable=SC1090
    . "$RCEM_ENV_FILE"
    set +a
fi
if [ "${DJANGO_DEV:-}" = 1 ] || [ "${DEBUG:-}" = True ] || [ "${DEBUG:-}" = true ] || [ "${DEBUG:-}" = 1 ]; then
    echo "serve: DJANGO_DEV/DEBUG is set: these are development settings, not production ones" >&2
fi

PYTHON=${PYTHON:-.venv/bin/python}
manifest=staticfiles/staticfiles.json
# static/ and the apps' own static/ folders
sources=(static */static)
if [ ! -f "$manifest" ] || [ -n "$(find "${sources[@]}" -newer "$manifest" -type f -print -quit 2>/dev/null)" ]; then
    echo "serve: collecting static files into staticfiles/" >&2
    "$PYTHON" manage.py collectstatic --noinput -v 0
fi

exec "$PYTHON" -m gunicorn -c config/gunicorn.conf.py "$@"

"""docs/operations.md (issue 13, item 2): every shell block is marked `test: run` or `test: skip — reason`, and the
`test: run` blocks — settings file, PostgreSQL roles, migrations, translations, static files, deploy check, first
administrator, gunicorn with a worker and the health check, backup and restore — run here, in order, as an
operator would run them, on a fresh PostgreSQL database (paths, port, role and database names made unique)."""
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "operations.md"
BLOCK = re.compile(r"<!-- test: (run|skip[^>]*?) -->\n```sh\n(.*?)```", re.S)
PORT = 8109


def blocks():
    return BLOCK.findall(DOC.read_text())


def test_every_shell_block_says_whether_the_tests_run_it():
    text = DOC.read_text()
    assert text.count("```sh") == len(blocks()) > 10
    for marker, _ in blocks():
        assert marker == "run" or re.match(r"skip — \S.{10,}", marker), marker  # a skip says why


def test_the_guide_has_its_sections_in_chinese_and_english():
    headings = re.findall(r"^## (.+)$", DOC.read_text(), re.M)
    for words in ("Install on Debian 12", "least-privilege roles", "Migrations", "first administrator",
                  "worker", "Upgrades", "Logs", "/healthz", "Backups and restore", "Election day", "Beyond one"):
        assert any(words in h for h in headings), words
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in headings)  # each heading in Chinese too
    assert "领票登记册" in DOC.read_text()


def as_run_here(script, tmp, database, owner, app, admin_url):
    """The operator's commands, pointed at this checkout and throwaway places."""
    script = script.replace("postgres:///rcem", f"{admin_url}/{database}")
    script = re.sub(r"\b(createdb |:5432/)rcem\b", rf"\g<1>{database}", script)
    script = script.replace("rcem_owner", owner).replace("rcem_app", app)
    script = script.replace("sudo -u postgres ", "")
    script = script.replace("/srv/rcem", str(ROOT)).replace("/etc/rcem/rcem.env", str(tmp / "rcem.env"))
    script = script.replace("/var/lib/rcem", str(tmp / "var")).replace("/var/backups/rcem", str(tmp / "backups"))
    return script.replace("127.0.0.1:8000", f"127.0.0.1:{PORT}")


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the guide sets up PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")
@pytest.mark.skipif(not shutil.which("createdb") or not shutil.which("curl"), reason="psql tools or curl missing")
def test_the_commands_of_the_guide_run(tmp_path):
    db = connection.settings_dict
    admin = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    admin_url = f"postgres://{admin}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    suffix = secrets.token_hex(3)
    database, owner, app = f"rcem_doc_{suffix}", f"rcem_doc_owner_{suffix}", f"rcem_doc_app_{suffix}"
    (tmp_path / "var").mkdir()
    (tmp_path / "backups").mkdir()
    script = "set -euo pipefail\n" + "".join(body for marker, body in blocks() if marker == "run")
    script = as_run_here(script, tmp_path, database, owner, app, admin_url)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "PG")) and k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG",
                                                                  "TASKS_IMMEDIATE", "MEDIA_ROOT")}
    env.update(PGHOST=db["HOST"] or "127.0.0.1", PGPORT=str(db["PORT"] or 5432), PGUSER=db["USER"],
               PGDATABASE="postgres", **({"PGPASSWORD": db["PASSWORD"]} if db["PASSWORD"] else {}))
    try:
        done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=400)
        output = done.stdout + done.stderr
        assert done.returncode == 0, output[-5000:]
        assert '"status": "failing"' in output and '"workers": 0' in output  # before the worker
        assert '"status": "ok"' in output and '"workers": 1' in output  # with it
        assert "Backed up" in output and "Restored and checked" in output
    finally:
        pid = tmp_path / "var" / "try.pid"
        if pid.exists():
            subprocess.run(["kill", pid.read_text().strip()], capture_output=True)
        for statement in (f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{owner}"',
                          f'DROP ROLE IF EXISTS "{app}"'):
            subprocess.run(["psql", "-c", statement], env=env, capture_output=True)

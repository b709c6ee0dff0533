"""The deployment files (issue 13, items 1 and 2): the systemd units pass `systemd-analyze verify`, the nginx site
passes `nginx -t` and agrees with the settings, gunicorn's configuration loads and logs JSON lines. Each tool
missing from the machine skips its test, saying so (scripts/setup.sh --test installs nginx)."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def local_copy(text, tmp_path):
    """The file as it would be installed, pointed at this checkout instead of /srv/rcem."""
    return (text.replace("/srv/rcem", str(ROOT)).replace("/etc/rcem/rcem.env", str(tmp_path / "rcem.env")))


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    (tmp_path / "rcem.env").write_text("SECRET_KEY=x\n")
    units = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        name = unit.name.replace("@.service", "@1.service")  # a template is verified as one of its instances
        (tmp_path / name).write_text(local_copy(unit.read_text(), tmp_path))
        units.append(str(tmp_path / name))
    assert len(units) == 2
    done = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60)
    # verify exits 0 on a directive it ignores; the warning it prints is a failure all the same
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_units_restart_the_services_and_use_the_shipped_server():
    web = (DEPLOY / "systemd" / "rcem-web.service").read_text()
    worker = (DEPLOY / "systemd" / "rcem-worker@.service").read_text()
    assert "ExecStart=/srv/rcem/scripts/serve.sh" in web and "Restart=on-failure" in web
    assert "ExecReload=/bin/kill -HUP $MAINPID" in web
    assert "manage.py db_worker --no-reload" in worker and re.search(r"^Restart=(always|on-failure)$", worker, re.M)


@pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(),
                    reason="nginx is not installed (apt-get install nginx-light)")
def test_the_nginx_site_passes_nginx_t(tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp_path / "k.key",
                    "-out", tmp_path / "c.pem", "-days", "1", "-subj", "/CN=test"], check=True, capture_output=True)
    site = local_copy((DEPLOY / "nginx" / "rcem.conf").read_text(), tmp_path)
    site = site.replace("/etc/ssl/certs/rcem.pem", str(tmp_path / "c.pem"))
    site = site.replace("/etc/ssl/private/rcem.key", str(tmp_path / "k.key"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {tmp_path}/body;\n"
        f"include {tmp_path}/site.conf; }}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    done = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "test is successful" in done.stderr, done.stderr
    assert "[warn]" not in done.stderr, done.stderr


def test_the_nginx_site_matches_the_settings():
    site = (DEPLOY / "nginx" / "rcem.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    # just above MAX_UPLOAD_MB, so that the app, not nginx, refuses a file slightly too large (in Chinese)
    assert limit * 2**20 == settings.MAX_UPLOAD_BYTES + 2**20
    # BEHIND_PROXY reads the scheme from X-Forwarded-Proto and the address nginx appends to X-Forwarded-For
    assert settings.SECURE_PROXY_SSL_HEADER in (None, ("HTTP_X_FORWARDED_PROTO", "https"))
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "alias /srv/rcem/staticfiles/;" in site and str(settings.STATIC_ROOT).endswith("staticfiles")
    assert not re.search(r"^\s*location /media", site, re.M)  # private files only through the permission-checked views
    timeout = int(re.search(r"proxy_read_timeout (\d+)s;", site).group(1))
    assert timeout > gunicorn_settings()["timeout"]
    # nginx closes its idle connections to gunicorn before gunicorn does: else a request sent down a connection
    # gunicorn is closing fails (a POST is not retried: 502)
    idle = int(re.search(r"keepalive_timeout (\d+)s;", site).group(1))
    assert gunicorn_settings()["keepalive"] > idle


def gunicorn_settings(**env):
    """config/gunicorn.conf.py as gunicorn reads it, under `env`."""
    code = ("import json, sys; from gunicorn.app.wsgiapp import WSGIApplication; "
            "sys.argv = ['gunicorn', '-c', 'config/gunicorn.conf.py']; "
            "c = WSGIApplication('%(prog)s [OPTIONS] [APP_MODULE]').cfg; print(json.dumps({k: getattr(c, k) for k in ('workers', 'threads', 'timeout', "
            "'graceful_timeout', 'max_requests', 'bind', 'worker_class_str', 'preload_app', 'wsgi_app', 'keepalive')}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env}, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_gunicorn_configuration_loads_with_its_defaults_and_takes_the_environment():
    defaults = gunicorn_settings()
    assert defaults["worker_class_str"] == "gthread" and defaults["threads"] == 4
    assert defaults["workers"] == os.cpu_count() + 1
    assert defaults["timeout"] == 120 and defaults["graceful_timeout"] == 30 and not defaults["preload_app"]
    assert defaults["bind"] == ["127.0.0.1:8000"] and defaults["wsgi_app"] == "config.wsgi:application"
    changed = gunicorn_settings(WEB_CONCURRENCY="2", GUNICORN_THREADS="8", GUNICORN_TIMEOUT="60",
                                GUNICORN_BIND="127.0.0.1:8107")
    assert (changed["workers"], changed["threads"], changed["timeout"], changed["bind"]) == (
        2, 8, 60, ["127.0.0.1:8107"])


def test_a_worker_freezes_what_it_loaded_out_of_the_garbage_collectors_reach():
    """post_worker_init (config/gunicorn.conf.py): the app and its URLs loaded, then gc.freeze(): a full
    collection no longer walks Django's hundreds of thousands of long-lived objects (issue 13)."""
    code = ("import gc, runpy, django; django.setup(); "
            "hooks = runpy.run_path('config/gunicorn.conf.py'); "
            "before = gc.get_freeze_count(); hooks['post_worker_init'](None); "
            "from django.urls.resolvers import get_resolver; "
            "print(before, gc.get_freeze_count(), 'url_patterns' in get_resolver().__dict__)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEV": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=env, check=True)
    before, after, urls_loaded = done.stdout.split()
    assert int(before) == 0 and int(after) > 100_000 and urls_loaded == "True"


def test_serve_sh_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(ROOT / "scripts" / "serve.sh")]).returncode == 0
    assert os.access(ROOT / "scripts" / "serve.sh", os.X_OK)

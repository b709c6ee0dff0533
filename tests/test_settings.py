"""config/settings.py: strict environment parsing, safe production defaults, SQLite or PostgreSQL."""
import importlib.util
import json
import logging.handlers
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.log_format import JsonLineFormatter
from config.settings import BASE_DIR, envbool

# Everything the settings read, cleared so that a developer's shell or CI cannot leak into these tests.
SETTINGS_VARIABLES = ["DEBUG", "DJANGO_DEV", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
                      "CONN_MAX_AGE", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                      "SECURE_HSTS_SECONDS", "BEHIND_PROXY", "MEDIA_ROOT", "CLOCK_TODAY", "LOGIN_FAILURE_LIMIT",
                      "LOGIN_ADDRESS_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES", "LOG_FILE", "LOG_LEVEL",
                      "SESSION_IDLE_MINUTES", "FILE_STORAGE", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION",
                      "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "DATABASE_REPLICA_URL", "CACHE_URL",
                      "USER_CACHE_SECONDS", "DATABASE_PREPARED_STATEMENTS"]
PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "xuanju.example.gov.cn"}


def load_settings(monkeypatch, **env):
    """Run config/settings.py afresh under `env` alone, as a new process would, without touching Django's copy."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", BASE_DIR / "config" / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def production_env():
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES and not k.startswith("DJANGO_")}
    return {**env, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"}


def test_deploy_check_passes_with_production_variables():
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=BASE_DIR, env=production_env(), capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_load_without_a_secret_key_outside_development(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings(monkeypatch)


@pytest.mark.parametrize("dev", [{"DJANGO_DEV": "1"}, {"DEBUG": "True"}])
def test_development_runs_on_the_built_in_key(monkeypatch, dev):
    loaded = load_settings(monkeypatch, **dev)

    assert loaded.SECRET_KEY == loaded._DEV_SECRET
    assert loaded.SECURE_SSL_REDIRECT is False


@pytest.mark.parametrize("production_sign", [
    {"ALLOWED_HOSTS": "xuanju.example.gov.cn"}, {"ALLOWED_HOSTS": "127.0.0.1,xuanju.example.gov.cn"},
    {"ALLOWED_HOSTS": "*"}, {"ALLOWED_HOSTS": "10.8.0.5"}, {"SECURE_SSL_REDIRECT": "True"}])
def test_django_dev_refuses_the_built_in_key_under_production_settings(monkeypatch, production_sign):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEV=1 is for development"):
        load_settings(monkeypatch, DJANGO_DEV="1", **production_sign)


@pytest.mark.parametrize("env", [
    {"DJANGO_DEV": "1", "ALLOWED_HOSTS": "localhost,127.0.0.1,[::1],rcem.localhost"},
    {"DJANGO_DEV": "1", "SECURE_SSL_REDIRECT": "False"},
    {"DEBUG": "True", "ALLOWED_HOSTS": "192.168.1.20"},  # DEBUG says development outright
])
def test_development_on_this_machine_keeps_the_built_in_key(monkeypatch, env):
    assert load_settings(monkeypatch, **env).SECRET_KEY.startswith("dev-only")


def test_django_dev_with_a_real_key_may_name_any_host(monkeypatch):
    loaded = load_settings(monkeypatch, DJANGO_DEV="1", **PRODUCTION)

    assert loaded.SECRET_KEY == PRODUCTION["SECRET_KEY"]


def test_production_is_secure_by_default(monkeypatch):
    loaded = load_settings(monkeypatch, **PRODUCTION)

    assert loaded.DEBUG is False
    assert loaded.ALLOWED_HOSTS == ["xuanju.example.gov.cn"]
    assert (loaded.SECURE_SSL_REDIRECT, loaded.SESSION_COOKIE_SECURE, loaded.CSRF_COOKIE_SECURE) == (True, True, True)
    assert loaded.SECURE_HSTS_SECONDS == 31_536_000
    assert loaded.SECURE_PROXY_SSL_HEADER is None


def test_behind_a_proxy_it_trusts_the_forwarded_protocol_and_listed_origins(monkeypatch):
    loaded = load_settings(monkeypatch, **PRODUCTION, BEHIND_PROXY="True",
                           CSRF_TRUSTED_ORIGINS="https://xuanju.example.gov.cn, https://b.example.gov.cn")

    assert loaded.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded.CSRF_TRUSTED_ORIGINS == ["https://xuanju.example.gov.cn", "https://b.example.gov.cn"]


def test_login_throttling_defaults_and_environment(monkeypatch):
    defaults = load_settings(monkeypatch, **PRODUCTION)
    assert (defaults.AXES_FAILURE_LIMIT, defaults.LOGIN_ADDRESS_FAILURE_LIMIT) == (5, 30)
    assert defaults.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert "axes.middleware.AxesMiddleware" == defaults.MIDDLEWARE[-1]

    tuned = load_settings(monkeypatch, **PRODUCTION, LOGIN_FAILURE_LIMIT="8", LOGIN_ADDRESS_FAILURE_LIMIT="50",
                          LOGIN_LOCKOUT_MINUTES="60")
    assert (tuned.AXES_FAILURE_LIMIT, tuned.LOGIN_ADDRESS_FAILURE_LIMIT) == (8, 50)
    assert tuned.AXES_COOLOFF_TIME.total_seconds() == 3600


def test_the_idle_session_timeout_is_30_minutes_unless_set(monkeypatch):
    assert load_settings(monkeypatch, **PRODUCTION).SESSION_IDLE_TIMEOUT == 30 * 60
    assert load_settings(monkeypatch, **PRODUCTION, SESSION_IDLE_MINUTES="10").SESSION_IDLE_TIMEOUT == 10 * 60


def test_logs_go_to_stderr_and_to_a_file_only_when_asked(monkeypatch, tmp_path):
    plain = load_settings(monkeypatch, **PRODUCTION)
    assert plain.LOGGING["root"] == {"handlers": ["stderr"], "level": "WARNING"}
    assert plain.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"

    log_file = tmp_path / "rcem.log"
    loaded = load_settings(monkeypatch, **PRODUCTION, LOG_FILE=str(log_file), LOG_LEVEL="info")
    assert loaded.LOGGING["root"] == {"handlers": ["stderr", "file"], "level": "INFO"}
    config = dict(loaded.LOGGING["handlers"]["file"])
    handler = logging.handlers.WatchedFileHandler(config["filename"], encoding=config["encoding"])
    handler.setFormatter(JsonLineFormatter())
    handler.emit(logging.makeLogRecord({"name": "elections", "levelname": "WARNING", "msg": "写入"}))
    handler.close()
    assert json.loads(log_file.read_text(encoding="utf-8"))["message"] == "写入"


@pytest.mark.parametrize("value, expected", [("True", True), ("true", True), ("1", True),
                                             ("False", False), ("FALSE", False), ("0", False)])
def test_envbool_reads_true_and_false(monkeypatch, value, expected):
    monkeypatch.setenv("RCEM_FLAG", value)

    assert envbool("RCEM_FLAG", not expected) is expected


def test_envbool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("RCEM_FLAG", raising=False)

    assert envbool("RCEM_FLAG", True) is True


@pytest.mark.parametrize("value", ["yes", "on", "", "Ture"])
def test_envbool_refuses_anything_else(monkeypatch, value):
    monkeypatch.setenv("RCEM_FLAG", value)

    with pytest.raises(ImproperlyConfigured, match="RCEM_FLAG"):
        envbool("RCEM_FLAG", False)


def test_a_misspelt_debug_stops_the_settings_from_loading(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        load_settings(monkeypatch, **PRODUCTION, DEBUG="yes")


def test_chinese_language_and_beijing_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_sqlite_is_the_default_database(monkeypatch):
    loaded = load_settings(monkeypatch, DJANGO_DEV="1")

    assert loaded.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded.DATABASES["default"]["NAME"] == str(BASE_DIR / "db.sqlite3")


def test_database_url_selects_postgresql(monkeypatch):
    loaded = load_settings(monkeypatch, DJANGO_DEV="1",
                           DATABASE_URL="postgres://rcem:secret@db.internal:5433/rcem_prod")

    database = loaded.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"], database["PORT"]) == \
        ("rcem_prod", "rcem", "db.internal", 5433)


def test_postgresql_prepares_statements_unless_told_not_to(monkeypatch):
    url = "postgres://rcem@db.internal/rcem_prod"
    options = load_settings(monkeypatch, DJANGO_DEV="1", DATABASE_URL=url).DATABASES["default"]["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 2}
    pooled = load_settings(monkeypatch, DJANGO_DEV="1", DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="False")
    assert "server_side_binding" not in pooled.DATABASES["default"].get("OPTIONS", {})
    assert "prepare_threshold" not in load_settings(monkeypatch, DJANGO_DEV="1").DATABASES["default"]["OPTIONS"]


def test_files_stay_on_the_local_disk_unless_s3_is_asked_for(monkeypatch):
    local = load_settings(monkeypatch, DJANGO_DEV="1")
    assert local.STORAGES["private"]["BACKEND"] == "elections.storage.PrivateFileSystemStorage"
    s3 = load_settings(monkeypatch, DJANGO_DEV="1", FILE_STORAGE="s3", S3_BUCKET="rcem",
                       S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert s3.STORAGES["private"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3.STORAGES["private"]["OPTIONS"]["location"] == "private"
    assert s3.STORAGES["private"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        load_settings(monkeypatch, DJANGO_DEV="1", FILE_STORAGE="s3")
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE"):
        load_settings(monkeypatch, DJANGO_DEV="1", FILE_STORAGE="ftp")


def test_a_redis_cache_url_shares_the_cache_and_the_sessions(monkeypatch):
    plain = load_settings(monkeypatch, DJANGO_DEV="1")
    assert not hasattr(plain, "SESSION_ENGINE")  # Django's default: the database, shared by every server
    redis = load_settings(monkeypatch, DJANGO_DEV="1", CACHE_URL="redis://127.0.0.1:6379/1")
    assert redis.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert load_settings(monkeypatch, DJANGO_DEV="1", CACHE_URL="db://").CACHES["default"]["LOCATION"]
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        load_settings(monkeypatch, DJANGO_DEV="1", CACHE_URL="memcached://x")


def test_the_user_and_roles_are_cached_only_in_a_cache_every_server_shares(monkeypatch):
    assert load_settings(monkeypatch, DJANGO_DEV="1").USER_CACHE_SECONDS == 0
    assert load_settings(monkeypatch, DJANGO_DEV="1", CACHE_URL="db://").USER_CACHE_SECONDS == 0
    assert load_settings(monkeypatch, DJANGO_DEV="1", CACHE_URL="redis://127.0.0.1:6379/1").USER_CACHE_SECONDS == 300


def test_a_replica_url_adds_the_replica_and_its_router(monkeypatch):
    assert "replica" not in load_settings(monkeypatch, DJANGO_DEV="1").DATABASES
    loaded = load_settings(monkeypatch, DJANGO_DEV="1", DATABASE_URL="postgres://app@db1/rcem",
                           DATABASE_REPLICA_URL="postgres://app@db2/rcem")
    assert loaded.DATABASES["replica"]["HOST"] == "db2" and loaded.DATABASES["replica"]["TEST"]["MIRROR"] == "default"
    assert loaded.DATABASE_ROUTERS == ["elections.replica.ReplicaRouter"]

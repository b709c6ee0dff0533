"""Caches and sessions across app servers (issue 13, item 4): with CACHE_URL=redis://… the cache is Redis and the
sessions are read through it with the database behind (cached_db), so a session written by one server is read
by another, even once the cache has forgotten it. Redis runs on 127.0.0.1:6379 here; without it, skipped."""
import importlib
import socket
import uuid

import pytest
from django.core.cache import caches

REDIS = "redis://127.0.0.1:6379/15"


def redis_up():
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = [pytest.mark.skipif(not redis_up(), reason="no Redis on 127.0.0.1:6379"), pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS,
                                   "KEY_PREFIX": f"rcem-test-{uuid.uuid4().hex[:8]}"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield caches["default"]
    caches["default"].clear()


def test_two_servers_share_the_cache(redis_cache):
    redis_cache.set("quorum:1", 412, 60)
    other = type(redis_cache)(REDIS, {"KEY_PREFIX": redis_cache.key_prefix})  # another process's client
    assert other.get("quorum:1") == 412


def test_a_session_written_by_one_server_is_read_by_another_even_after_the_cache_forgot_it(redis_cache, settings):
    engine = importlib.import_module(settings.SESSION_ENGINE)
    written = engine.SessionStore()
    written["_auth_user_id"] = "7"
    written.save()
    assert engine.SessionStore(session_key=written.session_key)["_auth_user_id"] == "7"
    redis_cache.clear()  # Redis restarted: the database still has it
    assert engine.SessionStore(session_key=written.session_key)["_auth_user_id"] == "7"

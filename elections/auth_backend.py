"""The signed-in user, with their roles, read on every request: from the shared cache when there is one.

Every page asks who the user is (a query for the user) and what they may do (a query for their roles). With a
cache every app server shares (Redis: CACHE_URL), both are kept there together for USER_CACHE_SECONDS and
dropped the moment the user or one of their roles is saved or deleted (the signals below), so a disabled
account, a changed password or a removed role takes effect on the next request, on every server. Without a
shared cache (each process's own memory) USER_CACHE_SECONDS is 0 and both are read from the database, as
Django does: one process could not tell the others that a role was removed.
"""
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from . import access


def _key(user_id):
    return f"auth-user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        seconds = settings.USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            access.load_roles(user)
            cache.set(_key(user_id), user, seconds)
        return user if self.user_can_authenticate(user) else None


def forget_user(user_id):
    """Drop the cached copy now and again once the change is committed: a request that read the old rows
    just before the commit may have put them back in between."""
    if not settings.USER_CACHE_SECONDS or user_id is None:
        return
    cache.delete(_key(user_id))
    transaction.on_commit(lambda: cache.delete(_key(user_id)))


def user_changed(sender, instance, **kwargs):
    forget_user(instance.pk)


def role_changed(sender, instance, **kwargs):
    forget_user(instance.user_id)

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")

    def ready(self):
        from .idle_timeout import stamp_login  # imports django.contrib.auth.views: only once apps are loaded
        user_logged_in.connect(stamp_login, dispatch_uid="elections.idle_timeout.stamp_login")
        from .services import archive  # noqa: F401  registers the archive's background job (AFT-4)
        from .account_middleware import note_one_time_password
        user_logged_in.connect(note_one_time_password, dispatch_uid="elections.account_middleware.note_one_time_password")
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .auth_backend import role_changed, user_changed
        from .models import Role
        for name, signal in (("saved", post_save), ("deleted", post_delete)):  # the cached user and roles go
            signal.connect(user_changed, sender=get_user_model(), dispatch_uid=f"elections.auth-user-{name}")
            signal.connect(role_changed, sender=Role, dispatch_uid=f"elections.auth-role-{name}")

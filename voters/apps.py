from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "voters"
    verbose_name = _("Voters")

    def ready(self):
        # Registers the print documents "voter-list" and "supplementary-list" (elections.documents).
        from . import documents  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "voters"
    verbose_name = _("Voters")

    def ready(self):
        # Registers the print documents "voter-list" and "supplementary-list" (elections.documents), and the
        # background job that checks and saves big imports (elections.jobs).
        from . import documents, importing  # noqa: F401

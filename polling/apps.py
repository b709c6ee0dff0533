from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollingConfig(AppConfig):
    """Election day (RULES PRX-1…PRX-4, VOTE-1…VOTE-4, VOTE-11, VOTE-12): proxies, polling stations and their
    staff, ballot issuance, the live quorum, and the printed ballots, tally sheets and proxy documents."""

    name = "polling"
    verbose_name = _("Election day")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the background job that prints ballot runs (elections.jobs), so every worker knows it.
        from .services import batches  # noqa: F401

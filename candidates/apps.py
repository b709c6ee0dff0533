from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    """Nominations and candidates (RULES CAN-1…CAN-10, SEAT-2…SEAT-4): nominees and their checks (eligibility,
    the negative list), near relatives, the formal candidates decided at the representatives meeting with the
    differential margin, withdrawals, the public posting, and the candidate notice and introductions."""

    name = "candidates"
    verbose_name = _("Candidates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from elections.acts import register_fact

        from .services.nominations import nominated_on

        # CAL-5: the candidates meeting is not dated before the nominations it decides on (elections/acts.py).
        register_fact("nominated", nominated_on)

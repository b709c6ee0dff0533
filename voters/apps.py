from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "voters"
    verbose_name = _("Voters")

    def ready(self):
        # Registers the print documents "voter-list" and "supplementary-list" (elections.documents), and the
        # background job that checks and saves big imports (elections.jobs).
        from elections.acts import register_fact

        from . import documents, importing  # noqa: F401
        from .selectors import pending_changes_recorded_on, voters_confirmed_on

        # CAL-5: the days of the facts the voter list's dated acts follow (elections/acts.py).
        register_fact("voters_confirmed", voters_confirmed_on)
        register_fact("list_changes_recorded", pending_changes_recorded_on)

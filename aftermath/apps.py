from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftermathConfig(AppConfig):
    """After the vote (RULES AFT-2…AFT-7, SEAT-4): the handover and the end of the election committee's term,
    the wrap-up, complaints, recall and by-election. Its two doors of the state machine: `handover_start`
    (results certified → handover) and `election_close` (handover → closed)."""

    name = "aftermath"
    verbose_name = _("After the vote")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from elections.panels import register_panel
        from elections.services.elections import register_door_check

        from . import panels
        from .services.handover import election_close_problems, handover_start_problems

        register_door_check("handover_start", handover_start_problems)
        register_door_check("election_close", election_close_problems)
        register_panel("aftermath", panels.aftermath_panel, order=50)

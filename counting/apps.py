from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountingConfig(AppConfig):
    """Counting and results (RULES VOTE-5…VOTE-10, VOTE-13, VOTE-14, SEAT-2, AFT-1): tally entry with double
    entry, the validity of each round, who is elected, further rounds and tie-breaks, certification, the
    results notice and the report to the street office."""

    name = "counting"
    verbose_name = _("Counting and results")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from elections.services.elections import register_door_check

        from .services.certification import certify_problems
        from .services.rounds import polls_reopen_problems, round_open_problems

        register_door_check("round_open", round_open_problems)
        register_door_check("polls_reopen", polls_reopen_problems)
        register_door_check("results_certify", certify_problems)

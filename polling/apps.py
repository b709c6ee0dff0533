from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollingConfig(AppConfig):
    """Election day (RULES PRX-1…PRX-4, VOTE-1…VOTE-4, VOTE-11, VOTE-12): proxies, polling stations and their
    staff, ballot issuance, the live quorum, and the printed ballots, tally sheets and proxy documents."""

    name = "polling"
    verbose_name = _("Election day")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from elections.services.elections import register_door_check, register_guard
        from elections.services.postponements import register_postponement_check
        from elections.states import State

        from .services.rounds import first_round_ballots_issued, no_ballot_issued, polls_close_problems

        register_guard(State.VOTING, State.NOMINATION, no_ballot_issued)
        register_door_check("polls_close", polls_close_problems)
        # CAL-4: election day no longer moves once a ballot of the first round has been issued.
        register_postponement_check(first_round_ballots_issued)

        # Registers the background job that prints ballot runs (elections.jobs), so every worker knows it.
        from .services import batches  # noqa: F401

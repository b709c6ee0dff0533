"""simulate_election --community CODE [--voters N] [--turnout P] [--seed S] [--until {certified,closed}]
(DESIGN.md). The rehearsal itself is counting.simulation; with --until closed this app carries it on through
the handover and closing (aftermath.simulation), which is why the command lives here, above counting."""
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from counting.simulation import simulate
from elections.models import Community
from elections.services.errors import RuleViolation

from ...simulation import rehearse_to_close


class Command(BaseCommand):
    help = ("Run a complete rehearsal election (演练) for the community through the same services as a "
            "real one — register, nominate, post, issue, count twice, certify; with --until closed also the "
            "handover (its items and three signatures), the wrap-up and closing — with seeded random ballots, "
            "and print the outcome as JSON. Creates N plausible residents when the community has none.")

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, metavar="CODE",
                            help="the community's 12-digit code")
        parser.add_argument("--voters", type=int, default=1200, metavar="N",
                            help="residents to create when the community has none (default 1200)")
        parser.add_argument("--turnout", type=float, default=0.85, metavar="P",
                            help="share of the voters who take part, 0–1 (default 0.85)")
        parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
        parser.add_argument("--until", choices=("certified", "closed"), default="certified",
                            help="how far to take the rehearsal: certified results (default), or through the "
                                 "handover to a closed election; the JSON then adds handover_signed_on and closed")

    def handle(self, *args, community, voters, turnout, seed, until, **options):
        if not 0 < turnout <= 1:
            raise CommandError("--turnout must be more than 0 and at most 1.")
        if voters < 5:
            raise CommandError("--voters must be at least 5.")
        found = Community.objects.filter(code=community).first()
        if found is None:
            raise CommandError(f"No community has the code {community}.")
        try:
            with transaction.atomic():
                election, outcome = simulate(found, voters=voters, turnout=turnout, seed=seed)
                if until == "closed":
                    outcome.update(rehearse_to_close(election, actor=election.created_by))
                    election.refresh_from_db()
                    outcome["state"] = election.state
        except (RuleViolation, ValueError) as exc:
            raise CommandError(f"The rehearsal stopped: {exc}") from exc
        self.stdout.write(json.dumps(outcome, ensure_ascii=False, indent=2))

"""generate_district --communities N [--seed S] [--password P]: scale data (supervision/generate.py)."""
import time

from django.core.management.base import BaseCommand, CommandError

from supervision.generate import district_code, generate_district


class Command(BaseCommand):
    help = ("Create a whole district in bulk for trying the dashboards at city scale and for the benchmarks: "
            "street offices of about 20 communities, every stage from preparation to closed (some late, with "
            "overrides, postponed, back-dated acts, rehearsals beside the real election), residents, voters, "
            "candidates, ballots issued, counts, certified results and handovers. The district's code is "
            "1199SS000000 (SS = the seed); logins dCODE_admin, dCODE_observer, dCODE_street1.")

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, required=True, metavar="N", help="number of communities")
        parser.add_argument("--seed", type=int, default=1, metavar="S",
                            help="random seed, also the district's number (default 1)")
        parser.add_argument("--password", default="", metavar="P",
                            help="password of the three logins (default: none, they cannot sign in)")

    def handle(self, *args, communities, seed, password, **options):
        if not 1 <= communities <= 19980:
            raise CommandError("--communities must be between 1 and 19980.")
        if not 0 <= seed <= 99:
            raise CommandError("--seed must be between 0 and 99 (it numbers the district).")
        start = time.perf_counter()
        try:
            generator = generate_district(communities, seed=seed, stdout=self.stdout, password=password)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(
            f"District {district_code(seed)} {generator.district.name}: {communities} communities in "
            f"{len(generator.streets)} street offices, generated in {seconds:.1f} s."))
        self.stdout.write("Logins: " + ", ".join(u.username for u in generator.users.values()))

"""print_document KIND --community CODE [-o FILE] [--election ID] [--paper A4|A3] [--edition KEY] (DESIGN.md).

On a certified or closed election every kind prints, as it was issued (issue 10, item 5)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from elections import documents
from elections.models import Community, Election
from elections.printing import PAPER_SIZES, page_count


class Command(BaseCommand):
    help = ("Write a document of a community's election as PDF: its most recent election (a rehearsal "
            "included) unless --election names another. Exit status 1 when the community or election is "
            "unknown or the election is not at a stage where the document exists.")

    def add_arguments(self, parser):
        kinds = documents.kinds()
        parser.add_argument("kind", metavar="KIND", choices=kinds, help="one of: " + ", ".join(kinds))
        parser.add_argument("--community", required=True, metavar="CODE",
                            help="the community's 12-digit division code")
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="where to write the PDF (default: <community code>-<kind>-<term>.pdf here)")
        parser.add_argument("--election", type=int, metavar="ID", help="this election of the community")
        parser.add_argument("--paper", choices=PAPER_SIZES, help="paper size (default: the document's, A4)")
        parser.add_argument("--edition", metavar="KEY",
                            help="one edition of a document issued in several: the voter list's or a "
                                 "supplementary list's posting number, a finished election's ballot round")

    def handle(self, *args, kind, community, output, election, paper, edition, **options):
        target = self._election(community, election)
        try:
            pdf = documents.document_print(election=target, kind=kind, actor=None, paper=paper, edition=edition)
        except documents.DocumentUnavailable as exc:
            raise CommandError(str(exc)) from exc
        path = Path(output or documents.document_filename(target, kind, edition))
        path.write_bytes(pdf)
        self.stdout.write(f"{path}: {page_count(pdf)} page(s), {len(pdf) // 1024} KiB ({target})")

    def _election(self, code, election_id):
        community = Community.objects.filter(code=code).first()
        if community is None:
            raise CommandError(f"No community has the code {code}.")
        elections = Election.objects.filter(community=community).select_related("community")
        if election_id is not None:
            found = elections.filter(pk=election_id).first()
            if found is None:
                raise CommandError(f"Community {code} has no election with id {election_id}.")
            return found
        latest = elections.order_by("-created_at", "-id").first()
        if latest is None:
            raise CommandError(f"Community {code} ({community.name}) has no election yet.")
        return latest

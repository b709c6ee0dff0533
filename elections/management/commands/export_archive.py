"""export_archive --community CODE [--election ID] -o FILE.zip (AFT-4, elections/archive.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from elections import archive
from elections.audit import audit_log
from elections.models import Community, Election


class Command(BaseCommand):
    help = ("Write the archive of a community's election (AFT-4) as a ZIP: every notice and ballot template as "
            "issued (PDF), the voter-list versions, candidates, proxies, issuance counts, tally data and audit "
            "log (.xlsx), all its data (JSON) and a manifest of SHA-256 checksums. Identity numbers are "
            "complete: keep the file as the committee's own record. Its most recent election unless --election "
            "names another.")

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, metavar="CODE", help="the community's 12-digit code")
        parser.add_argument("--election", type=int, metavar="ID", help="this election of the community")
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the ZIP (default: "
                                                                   "<community code>-archive-<term>.zip here)")

    def handle(self, *args, community, election, output, **options):
        found = Community.objects.filter(code=community).first()
        if found is None:
            raise CommandError(f"No community has the code {community}.")
        elections = Election.objects.filter(community=found).select_related("community")
        target = (elections.filter(pk=election) if election is not None
                  else elections.order_by("-created_at", "-id")).first()
        if target is None:
            raise CommandError(f"Community {community} has no such election.")
        path = Path(output or archive.archive_filename(target))
        try:
            with path.open("wb") as out:
                archive.build_archive(target, out=out)
        except archive.ArchiveError as exc:
            path.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        audit_log(actor=None, action="elections.archive.exported", obj=target,
                  data={"file": path.name, "bytes": path.stat().st_size})
        self.stdout.write(f"{path}: {path.stat().st_size // 1024} KiB ({target})")

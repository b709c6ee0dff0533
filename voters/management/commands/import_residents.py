"""import_residents --community CODE FILE [--dry-run] [--accept-name-changes] (DESIGN "Interfaces").

Exit status 0 when every row is good and saved (or would be, with --dry-run); 1 when any row is bad — then
nothing is saved and each problem is printed as `row N: column: problem`. A row whose identity number is an
existing resident's under another name is such a problem (`row N: 公民身份号码: …`) unless
--accept-name-changes says that every such row is the same person under a corrected name.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from elections.models import Community

from ...importing import ACCEPT, REFUSE, residents_import


class Command(BaseCommand):
    help = ("Import residents of a community from an .xlsx or .csv file (UTF-8, UTF-8 with BOM, GBK). "
            "Exit status 1, and nothing saved, when any row is bad.")

    def add_arguments(self, parser):
        parser.add_argument("--community", required=True, help="the community's 12-digit division code")
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, but save nothing")
        parser.add_argument("--accept-name-changes", action="store_true",
                            help="apply the rows whose identity number is an existing resident's under another "
                                 "name (without it, each such row is reported and nothing is saved)")

    def handle(self, *args, community, file, dry_run, accept_name_changes, **options):
        place = Community.objects.filter(code=community).first()
        if place is None:
            raise CommandError(f"No community with code {community}.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        report = residents_import(community=place, data=data, filename=path.name, actor=None, dry_run=dry_run,
                                  names=ACCEPT if accept_name_changes else REFUSE)
        for problem in report.errors:
            self.stdout.write(str(problem))
        for problem in report.warnings:
            self.stderr.write(f"warning: {problem}")
        if not report.ok:
            raise CommandError(f"{report.error_rows or 1} bad row(s) in {report.rows} rows: nothing was saved.",
                               returncode=1)
        self._summary(report, place, dry_run)

    def _summary(self, report, place, dry_run):
        for change in report.changed:
            fields = "; ".join(f"{label}: {old} → {new}" for label, old, new in change.fields)
            what = "name changed" if change.old_name else "changed"
            self.stdout.write(f"row {change.row}: {change.name} ({change.masked_id}) {what}: {fields}")
        verb = "would be imported (dry run, nothing saved)" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(
            f"{place.name} ({place.code}): {report.rows} rows {verb}: {report.new} new, {len(report.changed)} "
            f"changed, {report.unchanged} unchanged; {report.not_in_file} residents not in the file kept as they "
            f"are; {report.seconds:.1f} s."))

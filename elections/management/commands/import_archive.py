"""import_archive FILE.zip (AFT-4, elections/archive.py): restore an election's archive, read-only."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from elections import archive


class Command(BaseCommand):
    help = ("Restore an election archive made by export_archive into this installation, read-only, in one "
            "transaction: the district, street and community are created when missing, the election is marked "
            "restored from its archive and no service may change it. A file whose checksums do not match its "
            "manifest, or an election already here, is refused.")

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.zip")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        with translation.override("zh-hans"):
            try:
                election = archive.restore_archive(path.read_bytes())
            except archive.ArchiveError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"{election} (id {election.pk}) restored from {path.name}, read-only.")

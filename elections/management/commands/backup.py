"""backup -o DIR: the database (pg_dump custom format, or SQLite's online backup API) and every kept file, with
a manifest of row counts and checksums (elections/backup.py; docs/operations.md)."""
from django.core.management.base import BaseCommand, CommandError

from ... import backup as backups


class Command(BaseCommand):
    help = ("Back up the database and the kept files (print runs, evidence, uploads) into a new directory, "
            "with each table's row count and checksum.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="a new (or empty) directory")

    def handle(self, *args, output, **options):
        try:
            manifest = backups.backup(output)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
                          f"{len(manifest['files'])} files into {output}.")

"""restore DIR: put a backup made by `backup` back — the database replaced, the kept files as they were — and
check every table's row count and checksum and every file's hash against its manifest (elections/backup.py).
Stop the web server and the workers first (docs/operations.md)."""
from django.core.management.base import BaseCommand, CommandError

from ... import backup as backups


class Command(BaseCommand):
    help = ("Restore a backup made by `backup` (replacing the database and the kept files), then check it "
            "against its manifest. Stop the web server and the workers first.")

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, directory, interactive, **options):
        try:
            manifest = backups.read_manifest(directory)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if interactive:
            answer = input(f"Replace this database and its files with the backup of {manifest['created_at']}? "
                           "Type 'yes': ")
            if answer != "yes":
                raise CommandError("Nothing restored.")
        try:
            problems = backups.restore(directory)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError("Restored, but not as saved:\n" + "\n".join(problems))
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"Restored and checked {len(manifest['tables'])} tables ({rows} rows) and "
                          f"{len(manifest['files'])} files from {directory}.")

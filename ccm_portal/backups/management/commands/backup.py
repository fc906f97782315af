from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ccm_portal.backups.archive import BackupError, create_backup, default_archive_path


class Command(BaseCommand):
    help = "Write the database and every private file into one .tar.gz archive with a manifest of checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: backups/ccm-portal-<UTC time>.tar.gz under the current directory).",
        )

    def handle(self, *args, output=None, **options):
        target = Path(output) if output else default_archive_path()
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['vendor']}: {len(manifest['row_counts'])} tables, {rows} rows, "
                f"{len(manifest['files'])} files -> {target}"
            )
        )
        self.stdout.write("The archive holds personal data: keep it as safe as the database itself.")

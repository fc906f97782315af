from django.core.management.base import BaseCommand, CommandError

from ccm_portal.backups.archive import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the private files with a backup made by `manage.py backup`, "
        "then compare row counts and file checksums with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, archive, interactive=True, **options):
        try:
            manifest = read_manifest(archive)
        except (BackupError, OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {archive}: {exc}") from exc
        self.stdout.write(
            f"Backup of {manifest['created_at']} ({manifest['vendor']}, {len(manifest['row_counts'])} tables, "
            f"{len(manifest['files'])} files)."
        )
        if interactive:
            answer = input("This replaces every row of the configured database and every private file. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            report = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {report.tables} tables ({report.rows} rows) and {report.files} files.")
        if report.removed_files:
            self.stdout.write(f"Removed {len(report.removed_files)} files the backup did not contain.")
        for table, (expected, found) in sorted(report.row_mismatches.items()):
            self.stderr.write(f"Row count differs in {table}: backup {expected}, now {found}.")
        for name in report.file_mismatches:
            self.stderr.write(f"File differs from the backup: {name}.")
        if not report.ok:
            raise CommandError("The restored data differs from the backup's manifest (see above).")
        self.stdout.write(self.style.SUCCESS("Row counts and file checksums match the backup."))

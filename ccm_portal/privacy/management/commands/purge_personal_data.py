from django.core.management.base import BaseCommand

from ccm_portal.privacy.retention import purge_personal_data


class Command(BaseCommand):
    help = (
        "Purge participants' personal data of every meeting past its retention period "
        "(Meeting.personal_data_retention_months after its last day), keeping the published list and statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be removed; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        reports = purge_personal_data(dry_run=dry_run)
        if not reports:
            self.stdout.write("No meeting is past its retention period.")
        for report in reports:
            for line in report.lines():
                self.stdout.write(line)
        total = sum(report.changes for report in reports)
        if dry_run:
            self.stdout.write(f"Dry run: {total} values, files and entries would be removed; nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Removed {total} values, files and entries."))

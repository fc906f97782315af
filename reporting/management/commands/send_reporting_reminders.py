from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail contact points before an Article 7 deadline and after one is missed; never twice for one reminder."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as of this date (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: {exc}") from exc
        sent = send_reminders(today=today)
        self.stdout.write(f"Reminders sent: {sent['before']} before a deadline, {sent['overdue']} overdue.")

from django.core.management.base import BaseCommand

from ccm_portal.mail.models import OutboxMessage
from ccm_portal.mail.services import deliver, retry_given_up


class Command(BaseCommand):
    help = "Send the e-mails still waiting in the outbox (those whose first send failed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-given-up",
            action="store_true",
            help="Also put back the messages that ran out of attempts, with a fresh count.",
        )

    def handle(self, *args, **options):
        if options.get("retry_given_up"):
            revived = retry_given_up()
            self.stdout.write(f"{revived} given-up message(s) queued again.")
        counts = deliver()
        waiting = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()
        self.stdout.write(f"Sent {counts['sent']}, failed {counts['failed']}; {waiting} still pending.")
        if counts["failed"]:
            self.stderr.write("Some messages failed again; see the log and the outbox in the admin.")

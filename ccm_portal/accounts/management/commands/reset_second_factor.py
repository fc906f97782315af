"""`manage.py reset_second_factor EMAIL`: for someone who lost both their phone and their recovery codes.

Removes the account's authenticator app and recovery codes; the next login with the
password leads to the set-up page again. Recorded in the audit trail.
"""

from django.core.management.base import BaseCommand, CommandError

from ccm_portal.accounts.models import User
from ccm_portal.accounts.services import second_factor_reset


class Command(BaseCommand):
    help = "Remove an account's second factor, so that its next login sets a new one up."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(f"No account uses {email}.") from None
        removed = second_factor_reset(user=user)
        self.stdout.write(f"Removed {removed} device(s) of {user.email}; the next login sets a new app up.")

"""`manage.py create_secretariat`: the first secretariat account of an empty database.

    python manage.py create_secretariat --email secretariat@example.org --full-name "Jane Doe"

The password is read from CCM_SECRETARIAT_PASSWORD when it is set (for scripts), otherwise
asked for twice on the terminal; it must pass the portal's password validators. The account
is a confirmed secretariat member with access to the admin site (a superuser, as the first
account must be able to grant roles to the next ones). An existing address is refused,
never changed.
"""

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from ccm_portal.accounts.models import User
from ccm_portal.audit.services import log_action

PASSWORD_ENV = "CCM_SECRETARIAT_PASSWORD"


@transaction.atomic
def secretariat_create(*, email: str, full_name: str, password: str) -> User:
    user = User.objects.create_superuser(email=email, password=password, full_name=full_name)
    log_action(trail="accounts", actor=None, action="secretariat_created", subject=user.email, detail="manage.py")
    return user


class Command(BaseCommand):
    help = "Create a secretariat account (a superuser) with a confirmed address: the first login of a new portal."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="the address the account logs in with")
        parser.add_argument("--full-name", required=True, help="the person's name, as the portal shows it")

    def handle(self, *args, **options):
        email = User.objects.normalize_email(options["email"].strip()).lower()
        full_name = " ".join(options["full_name"].split())
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an e-mail address.") from exc
        if not full_name:
            raise CommandError("--full-name must not be empty.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account for {email} exists already; it was left unchanged.")

        password = self._password()
        try:
            validate_password(password, user=User(email=email, full_name=full_name))
        except ValidationError as exc:
            raise CommandError("The password was refused: " + " ".join(exc.messages)) from exc

        user = secretariat_create(email=email, full_name=full_name, password=password)
        self.stdout.write(
            f"Created the secretariat account {user.email} ({user.full_name}). Log in at {reverse('accounts:login')}."
        )

    def _password(self) -> str:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            return from_env
        if not sys.stdin.isatty():
            raise CommandError(f"Set {PASSWORD_ENV}, or run this command on a terminal to type the password.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was created.")
        return first

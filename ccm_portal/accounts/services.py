import base64

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccm_portal.audit.services import log_action
from ccm_portal.mail.services import notification, queue_mail_in_languages

from .models import User
from .tokens import email_confirmation_token, link_lifetime_hours


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str) -> User:
    """Create an inactive account and send the link that confirms its address."""
    user = User.objects.create_user(email=email, full_name=full_name, password=password, is_active=False)
    transaction.on_commit(lambda: send_confirmation(user))
    return user


def confirmation_url(user: User) -> str:
    path = reverse(
        "accounts:confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


@notification
def send_confirmation(user: User) -> None:
    """In the user's language, else the language of the page they signed up (or logged in) on."""

    def compose():
        hours = link_lifetime_hours("EMAIL_CONFIRMATION_TIMEOUT")
        context = {"user": user, "url": confirmation_url(user), "hours": hours}
        return _("Confirm your CCM Portal account"), render_to_string("accounts/email/confirm.txt", context)

    queue_mail_in_languages(to=[user.email], compose=compose, fallback=get_language())


@transaction.atomic
def user_confirm_email(*, user: User) -> User:
    """Activate the account; the token used for it stops working."""
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["is_active", "email_confirmed_at"])
    return user


class SecondFactorError(Exception):
    pass


RECOVERY_CODE_COUNT = 10


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The authenticator-app device being set up: made once, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def second_factor_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm an authenticator app with a code it shows; return fresh recovery codes.

    Refuses a wrong code (SecondFactorError) and leaves everything as it was. On success
    the user's other app devices and old recovery codes are removed: one app, ten codes.
    """
    if device.user_id != user.pk or device.confirmed:
        raise SecondFactorError(_("This set-up has already been completed; log in with your app."))
    # Outside the transaction: a wrong code's throttling count must be kept.
    if not device.verify_token(token):
        raise SecondFactorError(_("That code did not match. Check the time on your phone and try the next code."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _replace_recovery_codes(user)
        log_action(trail="accounts", actor=user, action="second_factor_set_up", subject=user.email)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def second_factor_provision(*, user: User) -> tuple[str, list[str]]:
    """Give `user` a confirmed authenticator key and fresh recovery codes without the set-up page.

    For demonstration accounts only, whose logins are printed for whoever runs the demo.
    An app key the user already has is kept (an authenticator app set up once goes on
    working); the recovery codes are replaced. Returns the key in base32, as
    authenticator apps take it, and the codes. No audit entry: seeding the demo again
    must leave the row counts as they were.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return base64.b32encode(device.bin_key).decode(), _replace_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_reset(*, user: User, by: User | None = None) -> int:
    """Remove a user's app and recovery codes; the next login sets a new app up."""
    removed = TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log_action(trail="accounts", actor=by, action="second_factor_reset", subject=user.email)
    return removed


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language `user` chose with the switcher (a code of settings.LANGUAGES)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ccm_portal.mail.services import queue_mail

from .models import User
from .tokens import email_confirmation_token


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


def send_confirmation(user: User) -> None:
    body = render_to_string("accounts/email/confirm.txt", {"user": user, "url": confirmation_url(user)})
    queue_mail(to=[user.email], subject="Confirm your CCM Portal account", body=body)


@transaction.atomic
def user_confirm_email(*, user: User) -> User:
    """Activate the account; the token used for it stops working."""
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["is_active", "email_confirmed_at"])
    return user

"""Issue and check one-time form tokens, and run a creating call at most once per token."""

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_token"
_SALT = "ccm_portal.idempotency.form-token"

T = TypeVar("T")


class InvalidFormToken(Exception):
    """The token was altered or issued to another user; the message is for the user."""

    def __init__(self):
        super().__init__(_("This form could not be verified. Check your entries and save again."))


class AlreadySubmitted(Exception):
    """The same form was sent before: `object_pk` is what the first submission made."""

    def __init__(self, submission: FormSubmission):
        self.submission = submission
        self.object_pk = submission.object_pk
        super().__init__(_("This form has already been saved; nothing was added a second time."))


def _signer(user) -> signing.Signer:
    return signing.Signer(salt=f"{_SALT}:{user.pk}")


def new_token(user) -> str:
    """A fresh token for one rendering of a form, signed for this user."""
    return _signer(user).sign(secrets.token_urlsafe(24))


def _verified(user, raw: str) -> str:
    try:
        value = _signer(user).unsign(raw)
    except signing.BadSignature:
        raise InvalidFormToken from None
    if not value or len(value) > 64:
        raise InvalidFormToken
    return value


def submit_once(request, purpose: str, create: Callable[[], T]) -> T:
    """Run `create()` unless this form's token was used already.

    Raises AlreadySubmitted (with the pk the first call's result had) for a
    repeated token and InvalidFormToken for a forged one; lets the exceptions
    of `create()` through, in which case the token is not used up.
    """
    raw = request.POST.get(FIELD, "")
    if not raw:
        return create()
    user = request.user
    token = _verified(user, raw)
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(user=user, token=token, purpose=purpose)
        except IntegrityError:
            previous = FormSubmission.objects.filter(user=user, token=token).first()
            if previous is None:
                raise
            raise AlreadySubmitted(previous) from None
        result = create()
        submission.object_pk = str(getattr(result, "pk", "") or "")
        submission.save(update_fields=["object_pk"])
    return result

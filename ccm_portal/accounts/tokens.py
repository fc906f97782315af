from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Links that confirm an address, valid for EMAIL_CONFIRMATION_TIMEOUT seconds."""

    # A salt of its own: a password-reset link cannot confirm an address, nor the reverse.
    key_salt = "ccm_portal.accounts.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_active}{user.email_confirmed_at}{timestamp}"

    def check_token(self, user, token):
        # Django's own check uses PASSWORD_RESET_TIMEOUT; these links have their own lifetime.
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - timestamp <= settings.EMAIL_CONFIRMATION_TIMEOUT


email_confirmation_token = EmailConfirmationTokenGenerator()


def link_lifetime_hours(setting_name: str) -> int:
    """Whole hours a link made under the given setting works, for the e-mails and pages that say so."""
    return max(1, round(getattr(settings, setting_name) / 3600))

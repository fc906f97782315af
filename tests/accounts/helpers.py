"""Second-factor helpers for tests that log secretariat users in with force_login."""

import base64
import hashlib
import hmac
import struct
import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccm_portal.accounts.middleware import LAST_ACTIVITY_KEY


def pass_second_factor(client, user) -> TOTPDevice:
    """Mark the client's session as having passed the second factor with a real device of `user`."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_code(key: bytes, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 worked out here (HMAC-SHA1 over the 30-second counter), as an app does it."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def key_from_text(text: str) -> bytes:
    """The secret from the key shown on the set-up page (base32, grouped by four)."""
    return base64.b32decode("".join(text.split()).upper())


def next_unused_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or the next if the current was used."""
    device.refresh_from_db()
    now = time.time()
    if int(now // device.step) <= device.last_t:
        now += device.step  # within the tolerance of one step the device allows
    return totp_code(device.bin_key, at=now)


class SecondFactorClient(Client):
    """Django's test client whose force_login also passes a secretariat user's second factor."""

    def force_login(self, user, backend=None, *, second_factor=True):
        super().force_login(user, backend)
        if user.is_secretariat or user.is_staff:
            if second_factor:
                pass_second_factor(self, user)
            # As if the first page had been seen: query counts of the first request stay
            # the same as of later ones.
            session = self.session
            session[LAST_ACTIVITY_KEY] = int(time.time())
            session.save()

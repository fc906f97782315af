"""Failed logins, throttled in three tiers.

1. Per account and client address (django-axes, AXES_FAILURE_LIMIT): after that many
   failures the pair is locked for the cool-off. Colleagues behind the same address and
   the owner elsewhere still log in.
2. Per client address across all accounts (LOGIN_ADDRESS_FAILURE_LIMIT within
   LOGIN_ADDRESS_WINDOW): one address trying many accounts is locked for the cool-off.
3. Per account across all addresses (LOGIN_ACCOUNT_SOFT_LIMIT): past it, every further
   attempt on the account must wait a delay that doubles with each failure up to
   LOGIN_ACCOUNT_MAX_DELAY. Attempts made before the delay has run out are answered
   "try again in N seconds" without checking the password. Nothing is ever locked for
   good, so an attacker spread over many addresses cannot keep the owner out.

Tiers 2 and 3 count in Django's cache. All three follow AXES_ENABLED.
"""

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


def axes_username(request, credentials):
    """The address as django-axes counts failed logins: lower-cased, since logins ignore case."""
    data = credentials or getattr(request, "data", request.POST)
    value = data.get("username")
    return value.strip().lower() if isinstance(value, str) else value


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the configured proxy header when there is one.

    With TRUSTED_PROXY_HEADER (e.g. HTTP_X_FORWARDED_FOR) and TRUSTED_PROXY_COUNT proxies,
    each proxy appends the address it saw to the right of the header, so the client is the
    TRUSTED_PROXY_COUNT-th entry from the right. Entries further left were written by the
    client and are never believed. A missing or malformed header falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
    if not header or count < 1:
        return remote
    entries = [entry for entry in request.META.get(header, "").split(",") if entry.strip()]
    if len(entries) < count:
        log.warning("Login from %s without the %s header the proxy should set.", remote, header)
        return remote
    candidate = _valid_ip(entries[-count])
    if candidate is None:
        log.warning("Unreadable %s header from %s.", header, remote)
        return remote
    return candidate


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before its password is checked."""

    kind: str  # "address": tier 2 lock; "account": tier 3 delay
    seconds: int


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class LoginThrottle:
    """Tiers 2 and 3 for one login attempt (tier 1 is django-axes)."""

    def __init__(self, request, username: str):
        self.ip = client_ip(request) or "unknown"
        self.username = (username or "").strip().lower()
        self.enabled = getattr(settings, "AXES_ENABLED", True)

    @property
    def _address_count_key(self):
        return f"ccm-login:address-failures:{_digest(self.ip)}"

    @property
    def _address_lock_key(self):
        return f"ccm-login:address-locked:{_digest(self.ip)}"

    @property
    def _account_key(self):
        return f"ccm-login:account:{_digest(self.username)}"

    def refusal(self) -> Refusal | None:
        if not self.enabled:
            return None
        now = time.time()
        locked_until = cache.get(self._address_lock_key)
        if locked_until and locked_until > now:
            return Refusal("address", math.ceil(locked_until - now))
        account = cache.get(self._account_key)
        if account and account["not_before"] > now:
            return Refusal("account", math.ceil(account["not_before"] - now))
        return None

    def record_failure(self) -> Refusal | None:
        """Count a failed password check against the address and the account.

        Returns the address lock when this failure was the one that reached the limit.
        """
        if not self.enabled:
            return None
        locked = None
        now = time.time()
        window = int(settings.LOGIN_ADDRESS_WINDOW.total_seconds())
        # A fixed window that opens with the first failure.
        cache.add(self._address_count_key, 0, timeout=window)
        try:
            failures = cache.incr(self._address_count_key)
        except ValueError:  # expired between add and incr
            cache.set(self._address_count_key, 1, timeout=window)
            failures = 1
        if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
            cache.set(self._address_lock_key, now + cooloff, timeout=cooloff)
            cache.delete(self._address_count_key)
            locked = Refusal("address", cooloff)
            log.warning("Locked login from %s after %s failures across accounts.", self.ip, failures)

        memory = int(settings.LOGIN_ACCOUNT_WINDOW.total_seconds())
        account = cache.get(self._account_key) or {"failures": 0, "not_before": 0}
        account["failures"] += 1
        excess = account["failures"] - settings.LOGIN_ACCOUNT_SOFT_LIMIT
        if excess >= 0:
            delay = min(settings.LOGIN_ACCOUNT_BASE_DELAY * 2**excess, settings.LOGIN_ACCOUNT_MAX_DELAY)
            account["not_before"] = now + delay
        cache.set(self._account_key, account, timeout=memory)
        return locked

    def record_success(self) -> None:
        """The owner is in: the account's count starts again (the address's does not)."""
        if self.enabled:
            cache.delete(self._account_key)

"""The portal's six languages: which one a page is in, and which one an e-mail is written in.

Pages follow the URL. English URLs have no prefix, so every link keeps its path; the other
languages are served under /ar/, /es/, /fr/, /ru/ and /zh-hans/ (`i18n_patterns` in
ccm_portal/urls.py, read by Django's LocaleMiddleware). A GET of an unprefixed URL is sent
on to the visitor's language when it is not English (`middleware.PreferredLanguageMiddleware`):
the language a logged-in user chose with the switcher (`User.language`), else the switcher's
cookie, else the browser's Accept-Language. The switcher itself is `views.set_language`.

E-mails are written in each recipient's language: the one they chose, else the meeting's
first official language, else English (`recipient_languages`, used by
`ccm_portal.mail.services.queue_mail_in_languages`).
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

# Meetings name their official languages with the UN's two-letter codes; the portal's
# Chinese is the simplified script.
MEETING_LANGUAGES = {"zh": "zh-hans"}


def portal_language(code: str | None) -> str | None:
    """The code of settings.LANGUAGES for `code` ("fr", "fr-CA", "zh", "zh-Hans" ...), or None."""
    if not code:
        return None
    code = MEETING_LANGUAGES.get(code.lower(), code)
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def meeting_language(meeting) -> str | None:
    """The portal language of a meeting's first official language, or None if it has none."""
    for code in getattr(meeting, "official_languages", None) or []:
        language = portal_language(code)
        if language:
            return language
    return None


def user_language(user) -> str | None:
    """The language `user` chose with the switcher, or None."""
    return portal_language(getattr(user, "language", "")) if user is not None else None


def recipient_languages(addresses: Iterable[str], *, fallback: str | None = None) -> dict[str, str]:
    """{address: language} for e-mail: the user's chosen language, else `fallback`, else English.

    `fallback` is the meeting's language (`meeting_language`) for mail about a meeting, or the
    language of the request for mail someone asked for themselves. One query for all addresses;
    addresses are compared without case, as logins are.
    """
    addresses = list(addresses)
    default = portal_language(fallback) or settings.LANGUAGE_CODE
    chosen = dict(
        get_user_model()
        .objects.filter(email__in={address.lower() for address in addresses})
        .exclude(language="")
        .values_list("email", "language")
    )
    return {address: portal_language(chosen.get(address.lower())) or default for address in addresses}

"""The language switcher: a small POST form on every page (templates/_language_switcher.html)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ccm_portal.access import PUBLIC, rule
from ccm_portal.accounts.services import user_set_language


def _safe_next(request) -> str:
    """The page to go back to: the form's `next`, else the referring page, else home; never another site."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("home")


def same_page_in(url: str, language: str) -> str:
    """`url` (a path with its query string, in any language) as the same page in `language`.

    The path is resolved in the language of its own prefix (English when it has none),
    then reversed in `language`; a path that resolves to nothing is returned unchanged.
    """
    current = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(current):
        return translate_url(url, language)


@rule(PUBLIC)
@require_POST
def set_language(request):
    """Switch to the posted language and return to `next` under the new language's prefix.

    The choice is kept in the language cookie and, for a logged-in user, in `User.language`,
    which pages and e-mails follow from then on. An unknown language changes nothing.
    The switcher is a form of its own, so a form being filled in on the same page is not
    submitted; `next` brings the person back to that page (reloaded, in the new language).
    """
    next_url = _safe_next(request)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(same_page_in(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    return response

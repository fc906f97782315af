"""Sends a GET of an English (unprefixed) URL to the same page in the visitor's language."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import portal_language, user_language


def preferred_language(request) -> str:
    """The user's chosen language, else the switcher's cookie, else Accept-Language, else English."""
    user = getattr(request, "user", None)
    chosen = user_language(user) if user is not None and user.is_authenticated else None
    return chosen or portal_language(translation.get_language_from_request(request)) or settings.LANGUAGE_CODE


class PreferredLanguageMiddleware:
    """Redirect unprefixed GETs to the visitor's language, after LocaleMiddleware and authentication.

    Only pages of the translated URL patterns move: /static/, /admin/ and the switcher's own
    URL have no prefixed form and are served as they are, and so is every POST (a redirect
    would lose its body). An explicit prefix always wins: /fr/... stays French for everyone,
    and a visitor without a preference (no chosen language, no cookie, no Accept-Language:
    the test client, most crawlers) stays on the English URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unprefixed = request.method in ("GET", "HEAD") and not translation.get_language_from_path(request.path_info)
        if unprefixed:
            language = preferred_language(request)
            if language != settings.LANGUAGE_CODE:
                urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
                with translation.override(language):  # the prefix patterns match the active language's prefix
                    exists = is_valid_path(f"/{language}{request.path_info}", urlconf)
                if exists:
                    prefix = get_script_prefix()
                    target = request.get_full_path().replace(prefix, f"{prefix}{language}/", 1)
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        if unprefixed:
            # The same address redirects another visitor (cookie, Accept-Language): caches must tell them apart.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

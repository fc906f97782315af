"""The same page in the other languages, for `<link rel="alternate" hreflang>` in base.html."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from ccm_portal.languages.views import same_page_in


def _alternates(request) -> list[tuple[str, str]]:
    if request.method != "GET":
        return []
    url = request.get_full_path()
    pairs = [(code, request.build_absolute_uri(same_page_in(url, code))) for code, _name in settings.LANGUAGES]
    # Search engines send a reader whose language is none of the six to the unprefixed (English) page.
    default = dict(pairs).get(settings.LANGUAGE_CODE)
    return [*pairs, ("x-default", default)] if default else pairs


def language_alternates(request):
    """Lazy: the URLs are only worked out when a template shows them."""
    return {"language_alternates": SimpleLazyObject(lambda: _alternates(request))}

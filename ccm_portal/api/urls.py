"""/api/: outside the language prefixes, one address for every client (ccm_portal/urls.py).

Every view of the API, the schema and its docs page is public: each declares the PUBLIC rule,
as every view of the portal declares one (tests/test_access.py).
"""

from django.urls import URLPattern, URLResolver, path

from ccm_portal.access import PUBLIC, rule

from .site import api


def _declare_public(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _declare_public(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = rule(PUBLIC)(entry.callback)
    return patterns


_patterns, _app_name, _namespace = api.urls
urlpatterns = [path("api/", (_declare_public(_patterns), _app_name, _namespace))]

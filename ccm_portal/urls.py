from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from ccm_portal.languages import views as language_views
from ccm_portal.meetings import views as meeting_views

# Outside the language prefixes: the switcher and the admin site answer at one address.
urlpatterns = [
    path("language/", language_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # The open API (/api/v1/..., /api/openapi.json, /api/docs/): answers in every language at once.
    path("", include("ccm_portal.api.urls")),
]

# Every page in the six languages: English at the paths it always had, the others under
# /ar/, /es/, /fr/, /ru/ and /zh-hans/ (README, "Languages").
urlpatterns += i18n_patterns(
    path("", meeting_views.home, name="home"),
    path("accounts/", include("ccm_portal.accounts.urls")),
    path("", include("ccm_portal.privacy.urls")),
    path("meetings/", include("ccm_portal.meetings.urls")),
    path("", include("proceedings.urls")),
    path("", include("delegations.urls")),
    path("", include("sessions.urls")),
    path("", include("outcomes.urls")),
    path("", include("reporting.urls")),
    path("", include("ccm_portal.documents.urls")),
    prefix_default_language=False,
)

# The benchmark's bare view (bench/http.py), only where BENCH_HELLO turns it on.
if settings.BENCH_HELLO:
    from ccm_portal import bench_views

    urlpatterns.append(path("bench/hello/", bench_views.hello, name="bench_hello"))

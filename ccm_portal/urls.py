from django.contrib import admin
from django.urls import include, path

from ccm_portal.meetings import views as meeting_views

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("accounts/", include("ccm_portal.accounts.urls")),
    path("", include("ccm_portal.privacy.urls")),
    path("meetings/", include("ccm_portal.meetings.urls")),
    path("", include("delegations.urls")),
    path("", include("sessions.urls")),
    path("", include("outcomes.urls")),
    path("admin/", admin.site.urls),
]

"""/api/: outside the language prefixes, one address for every client (ccm_portal/urls.py)."""

from django.urls import path

from .site import api

urlpatterns = [path("api/", api.urls)]

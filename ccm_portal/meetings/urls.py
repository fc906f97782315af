from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_edit, name="create"),
    path("treaty-status/", views.treaty_status_list, name="treaty_status"),
    path("treaty-status/new/", views.treaty_status_edit, name="treaty_status_create"),
    path("treaty-status/import/", views.treaty_status_import, name="treaty_status_import"),
    path("treaty-status/<int:pk>/", views.treaty_status_edit, name="treaty_status_edit"),
    path("portal-identity/", views.portal_identity_edit, name="portal_identity"),
    path("emblem/<str:digest>.<str:ext>", views.emblem, name="emblem"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/edit/", views.meeting_edit, name="edit"),
]

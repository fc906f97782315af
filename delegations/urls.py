from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("meetings/<slug:slug>/register/", views.register, name="register"),
    path("meetings/<slug:slug>/join/", views.join, name="join"),
    path("delegations/", views.my_delegations, name="mine"),
    path("delegations/<int:pk>/", views.detail, name="detail"),
    path("delegations/<int:pk>/document/", views.document_download, name="document"),
    path("delegations/<int:pk>/document/upload/", views.document_upload, name="document_upload"),
    path("delegations/<int:pk>/participants/add/", views.participant_edit, name="participant_add"),
    path("delegations/<int:pk>/participants/<int:ppk>/edit/", views.participant_edit, name="participant_edit"),
    path("delegations/<int:pk>/participants/<int:ppk>/remove/", views.participant_remove, name="participant_remove"),
    path("delegations/<int:pk>/submit/", views.submit, name="submit"),
    path("delegations/<int:pk>/join-requests/<int:jpk>/", views.join_request_decide, name="join_request_decide"),
    path("delegations/<int:pk>/decide/", views.delegation_decide, name="decide"),
    path("delegations/<int:pk>/participants/<int:ppk>/decide/", views.participant_decide, name="participant_decide"),
    path("delegations/<int:pk>/credentials/", views.credentials_edit, name="credentials"),
    path("delegations/<int:pk>/invitation/", views.invitation_approve, name="invitation_approve"),
    path("secretariat/<slug:slug>/", views.dashboard, name="dashboard"),
    path("secretariat/<slug:slug>/credentials/", views.credentials_report, name="credentials_report"),
    path("secretariat/<slug:slug>/credentials.pdf", views.credentials_report_pdf, name="credentials_report_pdf"),
]

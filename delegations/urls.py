from django.urls import path

from . import views, views_lists, views_papers

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
    path("delegations/<int:pk>/participants/<int:ppk>/photo/", views.participant_photo, name="participant_photo"),
    path("delegations/<int:pk>/submit/", views.submit, name="submit"),
    path("delegations/<int:pk>/join-requests/<int:jpk>/", views.join_request_decide, name="join_request_decide"),
    path("delegations/<int:pk>/decide/", views.delegation_decide, name="decide"),
    path("delegations/<int:pk>/participants/<int:ppk>/decide/", views.participant_decide, name="participant_decide"),
    path("delegations/<int:pk>/credentials/", views.credentials_edit, name="credentials"),
    path("delegations/<int:pk>/invitation/", views.invitation_approve, name="invitation_approve"),
    path("delegations/<int:pk>/focal-point/", views.focal_point_transfer, name="focal_point_transfer"),
    path("delegations/<int:pk>/refuse/", views.delegation_refuse, name="refuse"),
    path("join-requests/<int:pk>/", views.join_request_detail, name="join_request"),
    path("join-requests/<int:pk>/escalate/", views.join_request_escalate, name="join_request_escalate"),
    path("secretariat/<slug:slug>/", views.dashboard, name="dashboard"),
    path("secretariat/<slug:slug>/credentials/", views.credentials_report, name="credentials_report"),
    path("secretariat/<slug:slug>/credentials.pdf", views.credentials_report_pdf, name="credentials_report_pdf"),
    # Working papers and national reports (views_papers.py).
    path("delegations/<int:pk>/papers/", views_papers.papers, name="papers"),
    path("delegations/<int:pk>/papers/new/", views_papers.paper_submit, name="paper_submit"),
    path("delegations/<int:pk>/papers/<int:spk>/", views_papers.paper_detail, name="paper"),
    path("delegations/<int:pk>/papers/<int:spk>/languages/", views_papers.paper_add_language, name="paper_language"),
    path(
        "delegations/<int:pk>/papers/<int:spk>/files/<int:fpk>/<str:kind>/",
        views_papers.paper_download,
        name="paper_file",
    ),
    path("secretariat/<slug:slug>/papers/", views_papers.paper_queue, name="paper_queue"),
    path("secretariat/<slug:slug>/papers/<int:spk>/", views_papers.paper_review, name="paper_review"),
    path("secretariat/<slug:slug>/papers/<int:spk>/issue/", views_papers.paper_issue, name="paper_issue"),
    path("secretariat/<slug:slug>/papers/<int:spk>/decline/", views_papers.paper_decline, name="paper_decline"),
    path(
        "secretariat/<slug:slug>/papers/<int:spk>/files/<int:fpk>/<str:kind>/",
        views_papers.paper_review_download,
        name="paper_review_file",
    ),
    # List of participants, badges, check-in and exports (views_lists.py).
    path("meetings/<slug:slug>/participants/", views_lists.lop_public, name="lop_public"),
    path("meetings/<slug:slug>/participants.pdf", views_lists.lop_public_pdf, name="lop_public_pdf"),
    path(
        "meetings/<slug:slug>/participants/pdf/<int:pk>/status/",
        views_lists.lop_public_pdf_status,
        name="lop_public_pdf_status",
    ),
    path("secretariat/<slug:slug>/participants/", views_lists.lop_staff, name="lop_staff"),
    path("secretariat/<slug:slug>/participants/settings/", views_lists.lop_settings_edit, name="lop_settings"),
    path("secretariat/<slug:slug>/participants/pdf/", views_lists.lop_pdf_prepare, name="lop_pdf_prepare"),
    path("secretariat/<slug:slug>/participants/pdf/<str:variant>/", views_lists.lop_pdf_current, name="lop_pdf"),
    path("secretariat/<slug:slug>/participants/export.csv", views_lists.export_csv, name="export_csv"),
    path("secretariat/<slug:slug>/participants/export.xlsx", views_lists.export_xlsx, name="export_xlsx"),
    path("secretariat/<slug:slug>/participants/statistics/", views_lists.statistics_page, name="statistics"),
    path("secretariat/<slug:slug>/participants/statistics.csv", views_lists.statistics_csv, name="statistics_csv"),
    path("secretariat/<slug:slug>/participants/statistics.pdf", views_lists.statistics_pdf, name="statistics_pdf"),
    path("secretariat/<slug:slug>/participants/jobs/<int:pk>/", views_lists.job_detail, name="job"),
    path("secretariat/<slug:slug>/participants/jobs/<int:pk>/status/", views_lists.job_status, name="job_status"),
    path("secretariat/<slug:slug>/participants/jobs/<int:pk>/download/", views_lists.job_download, name="job_download"),
    path(
        "secretariat/<slug:slug>/participants/jobs/<int:pk>/print/", views_lists.badges_printed, name="badges_printed"
    ),
    path("secretariat/<slug:slug>/badges/", views_lists.badges_page, name="badges"),
    path("secretariat/<slug:slug>/badges/participants/<int:pk>/", views_lists.badge_reprint, name="badge_reprint"),
    path("secretariat/<slug:slug>/check-in/", views_lists.checkin_page, name="checkin"),
    path("secretariat/<slug:slug>/check-in/counts/", views_lists.checkin_counts, name="checkin_counts"),
    path("secretariat/<slug:slug>/check-in/participants/<int:pk>/", views_lists.checkin_card, name="checkin_card"),
]

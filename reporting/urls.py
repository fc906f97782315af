from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reporting/", views.my_reports, name="mine"),
    path("reporting/new/", views.report_create, name="create"),
    path("reporting/reports/<int:pk>/", views.report_detail, name="report"),
    path("reporting/reports/<int:pk>/cover/", views.cover_edit, name="cover"),
    path("reporting/reports/<int:pk>/forms/<str:letter>/", views.form_edit, name="form"),
    path("reporting/reports/<int:pk>/submit/", views.report_submit, name="submit"),
    path("reporting/reports/<int:pk>/acknowledge/", views.report_acknowledge, name="acknowledge"),
    path("reporting/reports/<int:pk>/publish/", views.report_publish, name="publish"),
    path("reporting/reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reporting/contact-points/", views.contact_points, name="contact_points"),
    path("reporting/contact-points/propose/", views.contact_point_propose, name="contact_point_propose"),
    path("reporting/contact-points/<int:pk>/confirm/", views.contact_point_confirm, name="contact_point_confirm"),
    path("reporting/contact-points/<int:pk>/remove/", views.contact_point_remove, name="contact_point_remove"),
    path("reporting/dashboard/", views.dashboard, name="dashboard"),
    path("reporting/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("reporting/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("reporting/states/<str:code>/", views.state_detail, name="state"),
    path("reporting/figures/", views.compiled, name="compiled"),
    path("reporting/actions/", views.actions, name="actions"),
    path("reporting/actions/<int:pk>/", views.action_detail, name="action"),
    path("reporting/figures.csv", views.compiled_csv, name="compiled_csv"),
    path("reporting/figures.xlsx", views.compiled_xlsx, name="compiled_xlsx"),
    path("reporting/figures.pdf", views.compiled_pdf, name="compiled_pdf"),
    path("transparency-reports/", views.received, name="received"),
    path("transparency-reports/<int:pk>/", views.public_report, name="public_report"),
    path("transparency-reports/<int:pk>/pdf/", views.public_report_pdf, name="public_report_pdf"),
]

from django.urls import path

from . import views

app_name = "proceedings"

urlpatterns = [
    path("meetings/<slug:slug>/final-report/", views.final_report, name="final_report"),
    path("meetings/<slug:slug>/final-report/overwrite/", views.final_report_overwrite, name="final_report_overwrite"),
]

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_notice, name="notice"),
    path("accounts/account/", views.account, name="account"),
    path("accounts/account/personal-data.json", views.personal_data_download, name="personal_data"),
]

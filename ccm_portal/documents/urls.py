from django.urls import path

from . import views

app_name = "documents"

# The fixed addresses come before the document's, whose symbol path may hold slashes (WP.1/Rev.2).
urlpatterns = [
    path("meetings/<slug:slug>/documents/", views.document_list, name="list"),
    path("meetings/<slug:slug>/documents/feed/", views.document_feed, name="feed"),
    path("meetings/<slug:slug>/documents/documents.csv", views.document_csv, name="csv"),
    path("meetings/<slug:slug>/documents/register/", views.register, name="register"),
    path("meetings/<slug:slug>/documents/register/<int:pk>/", views.manage, name="manage"),
    path("meetings/<slug:slug>/documents/register/<int:pk>/issue/", views.issue, name="issue"),
    path("meetings/<slug:slug>/documents/register/<int:pk>/new-version/", views.add_suffix, name="add_suffix"),
    path("meetings/<slug:slug>/documents/register/<int:pk>/upload/", views.upload, name="upload"),
    path(
        "meetings/<slug:slug>/documents/<path:symbol_path>/pdf/<str:language>/",
        views.document_file,
        name="file",
    ),
    path("meetings/<slug:slug>/documents/<path:symbol_path>/", views.document_detail, name="detail"),
]

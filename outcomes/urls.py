from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    # A meeting's outcome documents: the public page, and the documents in preparation.
    path("meetings/<slug:slug>/outcomes/", views.published, name="published"),
    path("meetings/<slug:slug>/outcomes/in-preparation/", views.document_list, name="list"),
    path("meetings/<slug:slug>/outcomes/new/", views.document_create, name="create"),
    # One document.
    path("outcomes/<int:pk>/", views.detail, name="detail"),
    path("outcomes/<int:pk>/workspace/", views.workspace, name="workspace"),
    path("outcomes/<int:pk>/particulars/", views.settings_edit, name="settings"),
    path("outcomes/<int:pk>/drafters/add/", views.drafter_add, name="drafter_add"),
    path("outcomes/<int:pk>/drafters/<int:user_pk>/remove/", views.drafter_remove, name="drafter_remove"),
    path("outcomes/<int:pk>/languages/upload/", views.translation_upload, name="translation_upload"),
    path("outcomes/<int:pk>/languages/<str:language>.pdf", views.translation_download, name="translation"),
    path("outcomes/<int:pk>/sections/add/", views.section_edit, name="section_add"),
    path("outcomes/<int:pk>/sections/<int:spk>/edit/", views.section_edit, name="section_edit"),
    path("outcomes/<int:pk>/sections/<int:spk>/move/", views.section_move, name="section_move"),
    path("outcomes/<int:pk>/sections/<int:spk>/delete/", views.section_delete, name="section_delete"),
    path("outcomes/<int:pk>/paragraphs/add/", views.paragraph_add, name="paragraph_add"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/edit/", views.paragraph_edit, name="paragraph_edit"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/move/", views.paragraph_move, name="paragraph_move"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/delete/", views.paragraph_delete, name="paragraph_delete"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/restore/", views.paragraph_restore, name="paragraph_restore"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/mark/", views.paragraph_mark, name="paragraph_mark"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/history/", views.paragraph_history, name="paragraph_history"),
    path("outcomes/<int:pk>/mark-all-agreed/", views.mark_all, name="mark_all"),
    path("outcomes/<int:pk>/state/<slug:action>/", views.transition, name="transition"),
    path("outcomes/<int:pk>/negotiation/", views.negotiation, name="negotiation"),
    path("outcomes/<int:pk>/proposals/", views.proposal_list, name="proposals"),
    path("outcomes/<int:pk>/paragraphs/<uuid:uid>/propose/", views.propose, name="propose"),
    path("outcomes/<int:pk>/comment/", views.comment, name="comment"),
    path("outcomes/<int:pk>/proposals/<int:prpk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("outcomes/<int:pk>/proposals/<int:prpk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("outcomes/<int:pk>/proposals/<int:prpk>/cosponsor/", views.proposal_cosponsor, name="proposal_cosponsor"),
    path("outcomes/<int:pk>/revisions/", views.revision_list, name="revisions"),
    path("outcomes/<int:pk>/revisions/<int:number>/", views.revision_detail, name="revision"),
    path("outcomes/<int:pk>/revisions/<int:number>.pdf", views.revision_pdf, name="revision_pdf"),
    path("outcomes/<int:pk>/working-text.pdf", views.working_pdf, name="working_pdf"),
    path("outcomes/<int:pk>/compare/", views.compare, name="compare"),
    path("outcomes/<int:pk>/compare.pdf", views.compare_pdf, name="compare_pdf"),
]

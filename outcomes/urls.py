from django.urls import path

from .views import documents, meeting, proposals, revisions, text, transitions, translations

app_name = "outcomes"

urlpatterns = [
    # A meeting's outcome documents: the public page, and the documents in preparation.
    path("meetings/<slug:slug>/outcomes/", meeting.published, name="published"),
    path("meetings/<slug:slug>/outcomes/in-preparation/", meeting.document_list, name="list"),
    path("meetings/<slug:slug>/outcomes/new/", meeting.document_create, name="create"),
    # One document.
    path("outcomes/<int:pk>/", documents.detail, name="detail"),
    path("outcomes/<int:pk>/workspace/", documents.workspace, name="workspace"),
    path("outcomes/<int:pk>/particulars/", documents.settings_edit, name="settings"),
    path("outcomes/<int:pk>/drafters/add/", documents.drafter_add, name="drafter_add"),
    path("outcomes/<int:pk>/drafters/<int:user_pk>/remove/", documents.drafter_remove, name="drafter_remove"),
    # Its official versions in the other languages.
    path("outcomes/<int:pk>/languages/", translations.languages, name="languages"),
    path("outcomes/<int:pk>/languages/<str:language>.pdf", translations.translation_download, name="translation"),
    path("outcomes/<int:pk>/languages/<str:language>/", translations.translation_edit, name="translation_edit"),
    path(
        "outcomes/<int:pk>/languages/<str:language>/upload/",
        translations.translation_upload,
        name="translation_upload",
    ),
    path(
        "outcomes/<int:pk>/languages/<str:language>/remove-pdf/",
        translations.translation_remove_file,
        name="translation_remove_file",
    ),
    # Its text.
    path("outcomes/<int:pk>/sections/add/", text.section_edit, name="section_add"),
    path("outcomes/<int:pk>/sections/<int:spk>/edit/", text.section_edit, name="section_edit"),
    path("outcomes/<int:pk>/sections/<int:spk>/move/", text.section_move, name="section_move"),
    path("outcomes/<int:pk>/sections/<int:spk>/delete/", text.section_delete, name="section_delete"),
    path("outcomes/<int:pk>/paragraphs/add/", text.paragraph_add, name="paragraph_add"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/edit/", text.paragraph_edit, name="paragraph_edit"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/move/", text.paragraph_move, name="paragraph_move"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/delete/", text.paragraph_delete, name="paragraph_delete"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/restore/", text.paragraph_restore, name="paragraph_restore"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/mark/", text.paragraph_mark, name="paragraph_mark"),
    path("outcomes/<int:pk>/paragraphs/<int:ppk>/history/", text.paragraph_history, name="paragraph_history"),
    path("outcomes/<int:pk>/mark-all-agreed/", text.mark_all, name="mark_all"),
    path("outcomes/<int:pk>/mark-agreed/", text.mark_agreed, name="mark_agreed"),
    # Its steps, one page (and one rule) each.
    path("outcomes/<int:pk>/state/circulate/", transitions.circulate, name="circulate"),
    path("outcomes/<int:pk>/state/negotiate/", transitions.negotiate, name="negotiate"),
    path("outcomes/<int:pk>/state/adopt/", transitions.adopt, name="adopt"),
    path("outcomes/<int:pk>/state/publish/", transitions.publish, name="publish"),
    # The negotiation and the proposals.
    path("outcomes/<int:pk>/negotiation/", proposals.negotiation, name="negotiation"),
    path("outcomes/<int:pk>/proposals/", proposals.proposal_list, name="proposals"),
    path("outcomes/<int:pk>/paragraphs/<uuid:uid>/propose/", proposals.propose, name="propose"),
    path("outcomes/<int:pk>/comment/", proposals.comment, name="comment"),
    path("outcomes/<int:pk>/proposals/<int:prpk>/decide/", proposals.proposal_decide, name="proposal_decide"),
    path("outcomes/<int:pk>/proposals/<int:prpk>/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path(
        "outcomes/<int:pk>/proposals/<int:prpk>/withdraw/undo/",
        proposals.proposal_reinstate,
        name="proposal_reinstate",
    ),
    path("outcomes/<int:pk>/proposals/<int:prpk>/cosponsor/", proposals.proposal_cosponsor, name="proposal_cosponsor"),
    # Revisions, the comparison and the PDFs.
    path("outcomes/<int:pk>/revisions/", revisions.revision_list, name="revisions"),
    path("outcomes/<int:pk>/revisions/<int:number>/", revisions.revision_detail, name="revision"),
    path("outcomes/<int:pk>/revisions/<int:number>.pdf", revisions.revision_pdf, name="revision_pdf"),
    path("outcomes/<int:pk>/working-text.pdf", revisions.working_pdf, name="working_pdf"),
    path("outcomes/<int:pk>/compare/", revisions.compare, name="compare"),
    path("outcomes/<int:pk>/compare.pdf", revisions.compare_pdf, name="compare_pdf"),
]

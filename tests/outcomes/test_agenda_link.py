"""An outcome document names an item of its meeting's agenda by the item's key (read through
delegations.agenda, as sessions hands it down): the header prints the item's current number and
title, also after the agenda is renumbered, the register records them, and the stored text is the
fallback (no item linked, or the item deleted)."""

import importlib
import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from ccm_portal.documents.models import Document
from outcomes import agenda as outcome_agenda
from outcomes import pdfs, services
from outcomes.models import OutcomeDocument
from sessions import services as sessions_services
from sessions.models import AgendaItem
from tests.factories import MeetingFactory
from tests.outcomes.factories import build_plan, deadline
from tests.queries import warm_get

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def agenda_with(meeting, secretariat, *titles) -> list[AgendaItem]:
    agenda = sessions_services.agenda_for(meeting)
    return [sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": t}) for t in titles]


@pytest.fixture
def items(meeting, secretariat):
    return agenda_with(meeting, secretariat, "Opening of the Meeting", "Consideration of documents")


def particulars(**changes) -> dict:
    return {
        "kind": "declaration",
        "title": "Vientiane Declaration",
        "agenda_item_ref": "",
        "agenda_item": "",
        "original_language": "en",
        "distribution": "limited",
        **changes,
    }


def test_the_form_offers_the_agenda_items_and_the_pdf_header_prints_the_chosen_one(client, meeting, secretariat, items):
    client.force_login(secretariat)
    url = reverse("outcomes:create", args=[meeting.slug])
    form = client.get(url).content.decode()
    assert "Item 2: Consideration of documents" in form

    assert f'<option value="{items[1].pk}">Item 2: Consideration of documents</option>' in form

    response = client.post(url, particulars(agenda_item_ref=str(items[1].pk)))

    assert response.status_code == 302
    document = OutcomeDocument.objects.get(title="Vientiane Declaration")
    assert document.agenda_item_ref == items[1].pk
    assert "Item 2: Consideration of documents" in pdf_text(pdfs.document_pdf(document))


def test_renaming_the_item_in_the_agenda_changes_the_next_render(meeting, secretariat, items):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Declaration", agenda_item_ref=items[1].pk
    )
    sessions_services.agenda_item_update(
        item=items[1],
        by=secretariat,
        data={"title": "Consideration and adoption of the documents"},
        expected_version=items[1].version,
    )

    text = pdf_text(pdfs.document_pdf(OutcomeDocument.objects.get(pk=document.pk)))

    assert "Item 2: Consideration and adoption of the documents" in text
    assert "Item 2: Consideration of documents" not in text


def test_another_meetings_item_is_refused_next_to_the_field(client, meeting, secretariat, items):
    other = MeetingFactory(slug="2msp")
    elsewhere = agenda_with(other, secretariat, "One", "Two", "Three")[0]
    client.force_login(secretariat)

    response = client.post(
        reverse("outcomes:create", args=[meeting.slug]), particulars(agenda_item_ref=str(elsewhere.pk))
    )

    assert response.status_code == 200
    assert response.context["form"].errors["agenda_item_ref"] == ["Choose an item of this meeting's agenda."]
    assert not OutcomeDocument.objects.filter(title="Vientiane Declaration").exists()
    with pytest.raises(services.OutcomeError):
        services.document_create(
            meeting=meeting, by=secretariat, kind="declaration", title="X", agenda_item_ref=elsewhere.pk
        )


def test_without_agenda_items_the_form_keeps_the_typed_header(client, meeting, secretariat):
    client.force_login(secretariat)
    url = reverse("outcomes:create", args=[meeting.slug])
    assert 'name="agenda_item_ref"' not in client.get(url).content.decode()

    client.post(url, particulars(agenda_item="Item 10: Consideration of documents"))

    document = OutcomeDocument.objects.get(title="Vientiane Declaration")
    assert document.agenda_item_ref is None
    assert "Item 10: Consideration of documents" in pdf_text(pdfs.document_pdf(document))


def test_the_register_records_the_linked_items_number_and_title(meeting, secretariat, items, accredited):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Declaration", agenda_item_ref=items[1].pk
    )
    build_plan(document, secretariat)
    services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)

    registered = Document.objects.get(meeting=meeting, symbol__endswith="/WP.1")
    assert (registered.agenda_item_number, registered.agenda_item_title) == ("2", "Consideration of documents")


@pytest.mark.parametrize(
    ("typed", "linked"),
    [
        ("Item 2: Consideration of documents", "2"),
        ("item 2", "2"),
        ("Consideration of Documents", "2"),
        ("Item 2: Adoption of the Vientiane Declaration", ""),  # the number's title is another one
        ("Item 7", ""),  # not on this agenda
        ("Something else", ""),
    ],
)
def test_the_first_data_migration_recognises_a_typed_item(typed, linked):
    migration = importlib.import_module("outcomes.migrations.0008_link_agenda_items")
    agenda = {"1": "Opening of the Meeting", "2": "Consideration of documents"}

    assert migration.match(typed, agenda) == linked


def test_changing_the_particulars_links_an_item_and_the_page_header_shows_it(client, plan, secretariat, drafter, items):
    services.document_update(
        document=plan,
        by=drafter,
        title=plan.title,
        kind=plan.kind,
        agenda_item=plan.agenda_item,
        agenda_item_ref=items[0].pk,
        original_language="en",
        distribution="limited",
        sponsors=[],
    )
    client.force_login(drafter)

    page = client.get(reverse("outcomes:detail", args=[plan.pk])).content.decode()

    assert OutcomeDocument.objects.get(pk=plan.pk).agenda_item_ref == items[0].pk
    assert "<bdi>Item 1: Opening of the Meeting</bdi>" in page


def _list_queries(client, url) -> tuple[int, str]:
    count, response = warm_get(client, url)
    return count, response.content.decode()


def test_the_list_shows_each_documents_item_as_the_agenda_has_it_in_as_many_queries_for_1_or_3(
    client, meeting, secretariat, items
):
    services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="One", agenda_item_ref=items[1].pk
    )
    client.force_login(secretariat)
    url = reverse("outcomes:list", args=[meeting.slug])
    one, _page = _list_queries(client, url)
    for title in ("Two", "Three"):
        services.document_create(
            meeting=meeting, by=secretariat, kind="declaration", title=title, agenda_item_ref=items[0].pk
        )
    sessions_services.agenda_item_update(
        item=items[1], by=secretariat, data={"title": "Documents of the Meeting"}, expected_version=items[1].version
    )

    many, page = _list_queries(client, url)

    assert one == many
    assert "<bdi>Item 2: Documents of the Meeting</bdi>" in page
    assert page.count("<bdi>Item 1: Opening of the Meeting</bdi>") == 2


def test_moving_the_item_keeps_the_document_on_it_with_its_new_number_in_the_pdf(meeting, secretariat, items):
    closing = agenda_with(meeting, secretariat, "Closing of the Meeting")[0]
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Declaration", agenda_item_ref=items[1].pk
    )

    sessions_services.agenda_item_move(item=closing, by=secretariat, direction="up")  # now item 2

    assert AgendaItem.objects.get(pk=items[1].pk).number == "3"
    text = pdf_text(pdfs.document_pdf(OutcomeDocument.objects.get(pk=document.pk)))
    assert "Item 3: Consideration of documents" in text
    assert "Item 2" not in text
    assert outcome_agenda.agenda_item_label(OutcomeDocument.objects.get(pk=document.pk)) == (
        "Item 3: Consideration of documents"
    )


def test_deleting_the_item_falls_back_to_the_last_heading_the_document_was_saved_with(
    client, meeting, secretariat, items
):
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Declaration", agenda_item_ref=items[1].pk
    )

    sessions_services.agenda_item_delete(item=items[1], by=secretariat)

    document = OutcomeDocument.objects.get(pk=document.pk)
    assert outcome_agenda.linked_item(document) is None
    assert "Item 2: Consideration of documents" in pdf_text(pdfs.document_pdf(document))
    client.force_login(secretariat)
    page = client.get(reverse("outcomes:detail", args=[document.pk]))
    assert page.status_code == 200
    assert "<bdi>Item 2: Consideration of documents</bdi>" in page.content.decode()
    form = client.get(reverse("outcomes:settings", args=[document.pk]))
    assert form.status_code == 200


def test_a_deleted_item_falls_back_to_the_heading_the_last_circulated_text_printed(
    meeting, secretariat, items, accredited
):
    closing = agenda_with(meeting, secretariat, "Closing of the Meeting")[0]
    document = services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Declaration", agenda_item_ref=items[1].pk
    )
    build_plan(document, secretariat)
    sessions_services.agenda_item_move(item=closing, by=secretariat, direction="up")  # the item is now 3
    revision = services.document_circulate(document=document, by=secretariat, comment_deadline=deadline(), notify=False)

    sessions_services.agenda_item_delete(item=AgendaItem.objects.get(pk=items[1].pk), by=secretariat)

    document = OutcomeDocument.objects.get(pk=document.pk)
    assert revision.snapshot["agenda_item"] == "Item 3: Consideration of documents"
    assert outcome_agenda.agenda_item_label(document) == "Item 3: Consideration of documents"
    assert "Item 3: Consideration of documents" in pdf_text(pdfs.document_pdf(document))


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_item_keys_links_each_number_to_the_item_numbered_so_now(meeting, secretariat, items):
    before, after = [("outcomes", "0008_link_agenda_items")], [("outcomes", "0010_remove_agenda_item_number")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("outcomes", "OutcomeDocument")
    row = {"meeting_id": meeting.pk, "kind": "declaration", "created_by_id": secretariat.pk}
    linked = old.objects.create(**row, title="A", agenda_item_number="2")
    gone = old.objects.create(**row, title="B", agenda_item_number="7", agenda_item="Item 7: Gone")
    unlinked = old.objects.create(**row, title="C", agenda_item="Item 10")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    refs = dict(OutcomeDocument.objects.values_list("pk", "agenda_item_ref"))
    assert (refs[linked.pk], refs[gone.pk], refs[unlinked.pk]) == (items[1].pk, None, None)
    assert OutcomeDocument.objects.get(pk=gone.pk).agenda_item == "Item 7: Gone"

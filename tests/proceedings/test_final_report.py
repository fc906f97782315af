"""The final report drafted by the portal: generated from the data, regenerated without losing
what drafters wrote, asked before overwriting what they edited."""

import pytest
from django.utils import timezone

from ccm_portal.documents import services as register
from ccm_portal.documents.models import Source
from ccm_portal.meetings.models import Category
from outcomes import services as outcome_services
from outcomes.models import GeneratedText, OutcomeDocument, Paragraph
from outcomes.services import OutcomeError
from outcomes.services_generated import EditedTexts
from proceedings import services
from proceedings.documents import ListedDocument, meeting_documents
from proceedings.models import ReportParticulars
from tests.proceedings.conftest import state

pytestmark = pytest.mark.django_db


def generated(document, key) -> Paragraph:
    return GeneratedText.objects.select_related("paragraph").get(document=document, key=key).paragraph


def headings(document) -> list[str]:
    return list(
        document.sections.filter(removed_at__isnull=True).order_by("position").values_list("heading", flat=True)
    )


def test_drafting_creates_an_english_final_report_with_the_procedural_part_then_the_annexes(world, secretariat):
    document, outcome = services.final_report_draft(meeting=world, by=secretariat)

    assert document.kind == OutcomeDocument.Kind.FINAL_REPORT
    assert document.state == OutcomeDocument.State.DRAFT
    assert document.original_language == "en"
    assert ReportParticulars.objects.get(meeting=world).final_report == document
    assert headings(document) == [
        "Introduction",
        "Organization of the Meeting",
        "Participation",
        "Credentials",
        "Documentation",
        "Annex I: Agenda",
        "Annex II: List of documents",
        "Annex III: Documents adopted by the Meeting",
        "Annex IV: Report on credentials",
    ]
    assert outcome.created == document.paragraphs.count()


def test_introduction_gives_the_place_and_the_dates(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)

    assert generated(document, "introduction.held").text == (
        "The First Meeting of States Parties was held in Vientiane, Lao People's Democratic Republic, "
        "from 9 November 2010 to 12 November 2010."
    )


def test_president_is_named_with_the_presiding_state_once_entered(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    assert not GeneratedText.objects.filter(document=document, key="organisation.president").exists()

    services.particulars_save(
        meeting=world, by=secretariat, president="H.E. Mr. Bounkeut Sisavath", rules_of_procedure_symbol=""
    )
    services.final_report_draft(meeting=world, by=secretariat)

    assert generated(document, "organisation.president").text == (
        "The Meeting elected H.E. Mr. Bounkeut Sisavath (Lao People's Democratic Republic) as its President."
    )


def test_participation_names_the_accredited_delegations_by_category_in_list_order(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)

    texts = [
        generated(document, f"participation.{category}").text
        for category in (Category.STATE_PARTY, Category.SIGNATORY, Category.OBSERVER_STATE, Category.RULE_1_2)
    ]
    assert texts == [
        "The following 3 States Parties participated in the work of the Meeting: Austria, "
        "Lao People's Democratic Republic and Norway.",
        "The following signatory State participated in the work of the Meeting: Indonesia.",
        "The following State not party to the Convention participated in the Meeting as an observer: "
        "United States of America.",
        "The following 2 organisations and institutions participated in the Meeting as observers in accordance "
        "with rule 1.2 of the rules of procedure: Cluster Munition Coalition and International Committee of "
        "the Red Cross.",
    ]
    assert "Japan" not in " ".join(document.paragraphs.values_list("text", flat=True))
    assert generated(document, "participation.total").text == (
        "5 States took part in the Meeting, 3 of them States Parties."
    )


def test_credentials_and_annexes_follow_the_data(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)

    assert generated(document, "credentials.accepted.1").text == (
        "The following States Parties have submitted credentials in due form: Austria and "
        "Lao People's Democratic Republic."
    )
    agenda = [p.text for p in document.paragraphs.filter(section__heading="Annex I: Agenda").order_by("position")]
    assert [text.split(" ", 1)[1] for text in agenda] == [
        "Opening of the Meeting",
        "Election of the President of the Meeting",
        "Victim assistance",
    ]
    assert generated(document, "organisation.friends").text == (
        "The President was assisted by the following Friends of the President: Norway (Victim assistance)."
    )
    documents = document.paragraphs.filter(section__heading="Annex II: List of documents").order_by("position")
    assert [p.text.split(" — ")[0] for p in documents] == [
        "CCM/MSP/2010/1",
        "CCM/MSP/2010/2",
        "CCM/MSP/2010/Credentials",
        "CCM/MSP/2010/INF.1",
    ]


def test_regenerating_replaces_untouched_paragraphs_in_place(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    before = generated(document, "participation.1")
    state(world, "BE", credentials_status="accepted")

    _document, outcome = services.final_report_draft(meeting=world, by=secretariat)

    after = generated(document, "participation.1")
    assert after.pk == before.pk
    assert after.version == before.version + 1
    assert "Austria, Belgium, Lao People's Democratic Republic and Norway" in after.text
    assert outcome.replaced >= 1
    assert outcome.created == 0


def test_regenerating_asks_before_overwriting_an_edited_paragraph_and_writes_nothing(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    edited = generated(document, "participation.1")
    outcome_services.paragraph_update(
        paragraph=edited, by=secretariat, text="Our own wording of who came.", expected_version=edited.version
    )
    total_before = generated(document, "participation.total").text
    state(world, "BE")

    with pytest.raises(EditedTexts) as refused:
        services.final_report_draft(meeting=world, by=secretariat)

    assert [conflict.paragraph.pk for conflict in refused.value.conflicts] == [edited.pk]
    assert generated(document, "participation.1").text == "Our own wording of who came."
    assert generated(document, "participation.total").text == total_before  # nothing half-written

    version = generated(document, "participation.1").version
    services.final_report_draft(meeting=world, by=secretariat, overwrite={edited.pk: version})
    assert "Belgium" in generated(document, "participation.1").text


def test_confirmation_given_for_an_older_version_does_not_overwrite(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    edited = generated(document, "participation.1")
    outcome_services.paragraph_update(paragraph=edited, by=secretariat, text="Mine.", expected_version=edited.version)
    state(world, "BE")

    with pytest.raises(EditedTexts):
        services.final_report_draft(meeting=world, by=secretariat, overwrite={edited.pk: edited.version})


def test_keeping_the_drafters_text_regenerates_the_rest(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    edited = generated(document, "participation.1")
    outcome_services.paragraph_update(paragraph=edited, by=secretariat, text="Mine.", expected_version=edited.version)
    state(world, "BE")

    _document, outcome = services.final_report_draft(meeting=world, by=secretariat, keep_edited=True)

    assert generated(document, "participation.1").text == "Mine."
    assert generated(document, "participation.total").text.startswith("6 States took part")
    assert outcome.kept == 1


def test_edited_paragraph_whose_generated_text_is_unchanged_keeps_the_wording_without_asking(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    edited = generated(document, "introduction.held")
    outcome_services.paragraph_update(
        paragraph=edited, by=secretariat, text="The Meeting met in Vientiane.", expected_version=edited.version
    )
    state(world, "BE")

    services.final_report_draft(meeting=world, by=secretariat)

    assert generated(document, "introduction.held").text == "The Meeting met in Vientiane."


def test_paragraph_a_drafter_added_stays_after_the_generated_paragraph_it_followed(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    opening = generated(document, "organisation.opening")
    added = outcome_services.paragraph_add(
        document=document,
        section=opening.section,
        by=secretariat,
        kind=Paragraph.Kind.OPERATIVE,
        text="The Secretary-General's message was read out.",
        after=opening,
    )
    services.particulars_save(meeting=world, by=secretariat, president="H.E. Mr. A", rules_of_procedure_symbol="")

    services.final_report_draft(meeting=world, by=secretariat)

    order = list(Paragraph.objects.active().filter(section=opening.section).order_by("position"))
    assert order.index(opening) + 1 == order.index(added)
    assert Paragraph.objects.get(pk=added.pk).text == "The Secretary-General's message was read out."


def test_generated_paragraph_no_longer_in_the_data_is_removed(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    observer = generated(document, f"participation.{Category.OBSERVER_STATE}")
    world.delegations.filter(country="US").update(status="rejected")

    _document, outcome = services.final_report_draft(meeting=world, by=secretariat)

    assert Paragraph.objects.get(pk=observer.pk).removed_at is not None
    assert outcome.removed >= 1


def test_adopted_final_report_is_not_regenerated(world, secretariat):
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    OutcomeDocument.objects.filter(pk=document.pk).update(state="adopted", adopted_at=timezone.now())

    with pytest.raises(OutcomeError, match="can no longer be regenerated"):
        services.final_report_draft(meeting=world, by=secretariat)


def test_only_the_secretariat_drafts_the_final_report(world, focal_point):
    with pytest.raises(OutcomeError):
        services.final_report_draft(meeting=world, by=focal_point)
    assert not OutcomeDocument.objects.filter(meeting=world).exists()


def test_list_of_documents_takes_the_papers_the_register_issued_and_not_the_reserved_ones(world, secretariat):
    register.document_reserve(
        meeting=world, series="WP", by=secretariat, issue=True, category="working_paper", title="Clearance in practice"
    )
    register.document_reserve(
        meeting=world, series="INF", by=secretariat, category="information", title="Still drafted"
    )

    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)

    documents = document.paragraphs.filter(section__heading="Annex II: List of documents").order_by("position")
    listed = [p.text for p in documents]
    assert "CCM/MSP/2010/WP.1 — Clearance in practice" in listed
    assert not any("Still drafted" in text for text in listed)


def test_list_of_documents_gives_the_programme_the_symbol_the_register_gave_it(world, secretariat):
    register.document_reserve(
        meeting=world,
        series="main",
        number=5,
        by=secretariat,
        category="information",
        title="Programme of work",
        source=Source.PROGRAMME,
    )

    listed = [ListedDocument(d.symbol, d.title) for d in meeting_documents(world)]

    assert ListedDocument("CCM/MSP/2010/5", "Programme of work") in listed
    assert not any(d.symbol == "CCM/MSP/2010/2" for d in listed)


def test_list_of_documents_gives_the_programme_its_default_symbol_without_a_register_entry(world):
    listed = {d.symbol: d.title for d in meeting_documents(world)}

    assert listed["CCM/MSP/2010/2"] == "Programme of work"

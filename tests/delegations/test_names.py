"""Names as UN lists print them: the family name in capitals, in the order the participant writes it."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings.models import Category
from delegations import badges, services_lists
from delegations.lists import group_for_list
from delegations.models import Participant
from delegations.names import FAMILY_FIRST, GIVEN_FIRST, format_name, subject_forms
from tests.delegations.factories_lists import approved_delegation, approved_participant, run_jobs
from tests.delegations.test_views import participant_post
from tests.factories import FirstMeetingFactory

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def rendered(job) -> bytes:
    run_jobs()
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def vientiane():
    meeting = FirstMeetingFactory(start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12))
    china = approved_delegation(meeting, country="CN", sort_name="China", category=Category.OBSERVER_STATE)
    spain = approved_delegation(meeting, country="ES", sort_name="Spain")
    wang = approved_participant(
        china, role="head", title="Mr.", given_name="Wei", family_name="Wang", name_order=FAMILY_FIRST
    )
    garcia = approved_participant(
        spain, role="head", title="Ms.", given_name="Maria", family_name="García López", name_order=GIVEN_FIRST
    )
    return {"meeting": meeting, "china": china, "spain": spain, "wang": wang, "garcia": garcia}


# ---------------------------------------------------------------- the one formatter


@pytest.mark.parametrize(
    ("parts", "printed"),
    [
        (("Mr.", "Wei", "Wang", FAMILY_FIRST), "Mr. WANG Wei"),
        (("Ms.", "Maria", "García López", GIVEN_FIRST), "Ms. Maria GARCÍA LÓPEZ"),
        (("Mr.", "Văn Hùng", "Nguyễn", FAMILY_FIRST), "Mr. NGUYỄN Văn Hùng"),
        # Han characters have no capitals and take no space between the parts.
        (("Mr.", "伟", "王", FAMILY_FIRST), "Mr. 王伟"),
        (("", "  Jean\nLuc ", " Picard ", GIVEN_FIRST), "Jean Luc PICARD"),
        (("H.E.", "", "Sukarno", GIVEN_FIRST), "H.E. SUKARNO"),
    ],
)
def test_a_name_prints_its_family_name_in_capitals_in_the_order_it_is_written(parts, printed):
    title, given, family, order = parts

    assert format_name(title=title, given_name=given, family_name=family, name_order=order) == printed


def test_running_text_keeps_the_order_without_the_capitals(vientiane):
    assert vientiane["wang"].display_name == "Mr. Wang Wei"
    assert vientiane["wang"].list_name == "Mr. WANG Wei"
    assert vientiane["garcia"].display_name == "Ms. Maria García López"


# ---------------------------------------------------------------- where names are printed


def test_the_list_of_participants_pdf_prints_wang_wei_and_garcia_lopez_as_the_un_does(vientiane, secretariat):
    job, _how = services_lists.request_lop_pdf(meeting=vientiane["meeting"], variant="public", by=secretariat)

    text = pdf_text(rendered(job))

    assert "Mr. WANG Wei" in text
    assert "Ms. Maria GARCÍA LÓPEZ" in text
    assert "Wei Wang" not in text


def test_the_public_list_page_and_the_staff_list_print_the_un_order(client, vientiane, secretariat):
    public = client.get(reverse("delegations:lop_public", args=[vientiane["meeting"].slug])).content.decode()
    client.force_login(secretariat)
    staff = client.get(reverse("delegations:lop_staff", args=[vientiane["meeting"].slug])).content.decode()

    for body in (public, staff):
        assert "Mr. WANG Wei" in body
        assert "Ms. Maria GARCÍA LÓPEZ" in body


def test_the_badge_pdf_prints_the_name_the_meeting_and_the_category_in_words(vientiane):
    job, _how = services_lists.request_badges(meeting=vientiane["meeting"], params={"set": "all"})

    text = " ".join(pdf_text(rendered(job)).split())

    assert "Mr. WANG Wei" in text
    assert "Ms. Maria GARCÍA LÓPEZ" in text
    assert text.count("First Meeting of States Parties · Vientiane, 9-12 November 2010") == 2
    assert "STATE PARTY" in text  # Spain's band
    assert "OBSERVER STATE" in text  # China's band


def test_the_export_carries_the_name_as_printed_next_to_its_parts(client, vientiane, secretariat):
    client.force_login(secretariat)

    response = client.get(reverse("delegations:export_csv", args=[vientiane["meeting"].slug]))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    column = header.index("Name as printed")
    assert header[column - 2 : column] == ["Given name", "Family name"]
    assert {row[column] for row in rows[1:]} == {"Mr. WANG Wei", "Ms. Maria GARCÍA LÓPEZ"}


def test_the_list_still_sorts_by_family_name_whatever_the_order_of_writing(vientiane):
    spain = vientiane["spain"]
    for given, family, order in (("Yuki", "Tanaka", FAMILY_FIRST), ("Ana", "Blanco", GIVEN_FIRST)):
        approved_participant(spain, role="adviser", title="Ms.", given_name=given, family_name=family, name_order=order)

    (state_parties, _observers) = group_for_list(
        Participant.objects.filter(delegation__meeting=vientiane["meeting"]).select_related("delegation")
    )
    (entry,) = state_parties.delegations

    assert [p.list_name for p in entry.participants] == ["Ms. Maria GARCÍA LÓPEZ", "Ms. Ana BLANCO", "Ms. TANAKA Yuki"]


# ---------------------------------------------------------------- the participant form


def test_the_participant_form_asks_how_the_name_is_written_with_autocomplete_hints(client, focal_point, delegation):
    client.force_login(focal_point)

    body = client.get(reverse("delegations:participant_add", args=[delegation.pk])).content.decode()

    assert 'autocomplete="given-name"' in body
    assert 'autocomplete="family-name"' in body
    assert 'name="name_order" value="family_first"' in body
    assert "Family name first, given name last (WANG Wei)" in body
    assert "Lists print it in capitals and sort by it" in body


def test_a_focal_point_saves_a_family_name_first_participant(client, focal_point, delegation):
    client.force_login(focal_point)

    client.post(
        reverse("delegations:participant_add", args=[delegation.pk]),
        participant_post(title="Mr.", given_name="Wei", family_name="Wang", name_order="family_first"),
    )

    participant = delegation.participants.get()
    assert participant.name_order == FAMILY_FIRST
    assert participant.list_name == "Mr. WANG Wei"


def test_an_edit_posted_without_the_order_keeps_the_one_saved(client, focal_point, delegation):
    participant = approved_participant(
        delegation, role="head", title="Mr.", given_name="Wei", family_name="Wang", name_order=FAMILY_FIRST
    )
    client.force_login(focal_point)

    client.post(
        reverse("delegations:participant_edit", args=[delegation.pk, participant.pk]),
        participant_post(title="Mr.", given_name="Wei", family_name="Wang", version=participant.version),
    )

    participant.refresh_from_db()
    assert participant.name_order == FAMILY_FIRST
    assert participant.function == "Deputy Prime Minister"


def test_the_purge_finds_a_participant_in_the_audit_under_either_order_and_the_old_form(vientiane):
    wang = vientiane["wang"]
    wang.given_name = "Wei  Ming"

    assert subject_forms(wang) == {"Mr. Wang Wei Ming", "Mr. Wei Ming Wang", "Mr. Wei  Ming Wang"}


def test_the_category_words_are_legible_in_white_on_every_band():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for category, colour in badges.category_colours().items():
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, (category, colour)
        assert str(badges.BADGE_CATEGORY_LABELS[category])

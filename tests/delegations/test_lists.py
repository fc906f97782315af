import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ccm_portal.audit.models import AuditEntry
from ccm_portal.jobs.models import RenderJob
from ccm_portal.storage import private_storage
from delegations import selectors_lists, services_lists
from delegations.models import ParticipantListSettings
from tests.delegations.factories_lists import approved_delegation, approved_participant, run_jobs
from tests.factories import MeetingFactory
from tests.queries import warm_queries
from tests.stored_pdfs import body, get

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def rendered_pdf(meeting, variant="public", by=None) -> bytes:
    job, _how = services_lists.request_lop_pdf(meeting=meeting, variant=variant, by=by)
    run_jobs()
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def names_in(categories) -> list[str]:
    return [f"{p.given_name} {p.family_name}" for c in categories for e in c.delegations for p in e.participants]


def test_lists_hold_only_approved_participants_of_approved_delegations(world):
    listed = names_in(selectors_lists.list_of_participants(world["meeting"], public=False))

    assert "Thongloun Sisoulith" in listed
    for absent in ("Pending Person", "Rejected Person", "Draft Delegation", "Rejected Delegation"):
        assert absent not in listed


def test_list_follows_category_then_english_name_then_head_role_and_family_name(world):
    categories = selectors_lists.list_of_participants(world["meeting"], public=False)

    assert [c.value for c in categories] == [1, 2, 3, 4]
    # Accents do not decide the order: Côte d'Ivoire comes before Lao on both databases.
    assert [e.delegation.sort_name for e in categories[0].delegations] == [
        "Côte d'Ivoire",
        "Lao People's Democratic Republic",
    ]
    lao = categories[0].delegations[1]
    assert [p.family_name for p in lao.participants] == ["Sisoulith", "Bouphavanh", "Kittikhoun", "Vongsa"]


def test_public_page_shows_only_consenting_participants_and_staff_page_everyone(client, world, secretariat):
    public = client.get(reverse("delegations:lop_public", args=["1msp"]))
    assert public.status_code == 200
    assert "Thongloun" in public.content.decode()
    assert "Rodolfo" not in public.content.decode()

    client.force_login(secretariat)
    staff = client.get(reverse("delegations:lop_staff", args=["1msp"]))
    body = staff.content.decode()
    assert "Rodolfo" in body
    assert "Pending" not in body
    assert re.search(r'data-testid="participant-count">8<', body)


def test_public_pdf_is_an_information_document_with_header_and_page_numbers(world, secretariat):
    meeting = world["meeting"]
    services_lists.lop_settings_save(
        meeting=meeting,
        data={"symbol": "CCM/MSP/2010/INF.1", "distribution": "general", "original_language": "fr"},
        by=secretariat,
    )

    pdf = rendered_pdf(meeting)

    text = pdf_text(pdf)
    assert "CCM/MSP/2010/INF.1" in text
    assert "Distribution: General" in text
    assert "Original: French" in text
    assert "First Meeting of States Parties" in text
    assert "Vientiane" in text
    assert meeting.dates_display in text
    assert "List of participants" in text
    assert "1 / 1" in text
    assert "H.E. Mr. Thongloun SISOULITH, Deputy Prime Minister (Head of delegation)" in text
    assert "Rodolfo" not in text
    upper = text.upper()
    assert upper.index("STATES PARTIES") < upper.index("OBSERVER STATES") < upper.index("RULE 1.2")


def test_complete_pdf_lists_everyone_and_says_it_is_restricted(world):
    text = pdf_text(rendered_pdf(world["meeting"], "complete"))

    assert "Rodolfo REYES" in text
    assert "not for distribution" in text
    assert "Distribution: Limited" in text
    assert "Pending" not in text


def test_names_in_every_script_are_extractable_and_their_fonts_embedded(world):
    lao = world["lao"]
    approved_participant(lao, role="expert", title="Mr.", given_name="محمد", family_name="العلي")
    approved_participant(lao, role="expert", title="Ms.", given_name="Zoë", family_name="Ødegård-Łukasz")

    pdf = rendered_pdf(world["meeting"])

    text = pdf_text(pdf)
    for name in ("Mr. 王伟", "Мария ИВАНОВА", "Zoë ØDEGÅRD-ŁUKASZ", "Aimé KOUASSI"):
        assert name in text
    # Arabic comes out of the PDF in visual order; its letters are there either way.
    assert "محمد" in text or "دمحم" in text
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object().get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor.get_object()
    assert any("Naskh-Arabic" in name for name in fonts)
    assert any("CJK" in name for name in fonts)
    assert all(any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3")) for d in fonts.values())


def test_withdrawn_consent_removes_a_participant_from_the_public_list_and_the_next_pdf(client, world, secretariat):
    meeting = world["meeting"]
    head = world["lao_head"]
    assert "SISOULITH" in pdf_text(rendered_pdf(meeting))

    from delegations import services

    services.participant_update(
        participant=head, data={"public_consent": False}, by=secretariat, expected_version=head.version
    )

    assert "SISOULITH" not in client.get(reverse("delegations:lop_public", args=["1msp"])).content.decode()
    assert selectors_lists.current_lop_pdf(meeting, "public") is None
    assert "SISOULITH" not in pdf_text(rendered_pdf(meeting))


def test_public_pdf_link_waits_for_a_fresh_render_then_serves_the_stored_copy(client, world):
    url = reverse("delegations:lop_public_pdf", args=["1msp"])

    waiting = client.get(url)
    assert waiting.status_code == 200
    assert "being prepared" in waiting.content.decode()
    job = RenderJob.objects.get()
    status = client.get(reverse("delegations:lop_public_pdf_status", args=["1msp", job.pk]))
    assert 'role="progressbar"' in status.content.decode()

    run_jobs()
    served = client.get(url)
    assert served["Content-Type"] == "application/pdf"
    assert "inline" in served["Content-Disposition"]
    assert "Thongloun" in pdf_text(b"".join(served.streaming_content))
    assert RenderJob.objects.count() == 1


def test_unchanged_list_is_served_from_the_stored_copy(client, world, secretariat):
    client.force_login(secretariat)
    meeting = world["meeting"]
    first = client.post(reverse("delegations:lop_pdf_prepare", args=["1msp"]), {"variant": "complete"})
    run_jobs()
    job = RenderJob.objects.get()
    assert first["Location"] == reverse("delegations:job", args=["1msp", job.pk])

    again = client.post(reverse("delegations:lop_pdf_prepare", args=["1msp"]), {"variant": "complete"}, follow=True)
    assert "has not changed" in again.content.decode()
    assert RenderJob.objects.count() == 1
    current = client.get(reverse("delegations:lop_pdf", args=["1msp", "complete"]))
    assert current.status_code == 200
    assert current["Content-Disposition"].startswith("attachment")
    assert b"".join(current.streaming_content).startswith(b"%PDF")

    approved_participant(world["lao"], role="expert", given_name="Newly", family_name="Arrived")
    stale = client.get(reverse("delegations:lop_pdf", args=["1msp", "complete"]))
    assert stale.status_code == 302
    assert selectors_lists.current_lop_pdf(meeting, "complete") is None


def test_settings_refuse_a_malformed_symbol_and_record_a_good_one(client, world, secretariat):
    client.force_login(secretariat)
    url = reverse("delegations:lop_settings", args=["1msp"])

    bad = client.post(url, {"symbol": "ccm msp <b>", "distribution": "general", "original_language": "en"})
    assert bad.status_code == 400
    assert "for example CCM/MSP/2010/INF.1" in bad.content.decode()
    assert not ParticipantListSettings.objects.exists()

    good = client.post(
        url, {"symbol": "CCM/MSP/2010/INF.1/Rev.1", "distribution": "limited", "original_language": "en"}
    )
    assert good.status_code == 302
    saved = ParticipantListSettings.objects.get(meeting=world["meeting"])
    assert (saved.symbol, saved.distribution, saved.is_public) == ("CCM/MSP/2010/INF.1/Rev.1", "limited", False)
    assert AuditEntry.objects.filter(action="updated list of participants settings").exists()


def test_default_symbol_comes_from_the_meeting_prefix(world):
    assert selectors_lists.lop_settings(world["meeting"]).symbol == f"{world['meeting'].symbol_prefix}/INF.1"


def test_unpublished_list_and_unpublished_meeting_are_hidden_from_the_public(client, world, secretariat):
    ParticipantListSettings.objects.create(meeting=world["meeting"], symbol="X/INF.1", is_public=False)
    assert client.get(reverse("delegations:lop_public", args=["1msp"])).status_code == 404
    assert client.get(reverse("delegations:lop_public_pdf", args=["1msp"])).status_code == 404
    hidden = MeetingFactory(is_published=False)
    assert client.get(reverse("delegations:lop_public", args=[hidden.slug])).status_code == 404
    client.force_login(secretariat)
    assert client.get(reverse("delegations:lop_public", args=["1msp"])).status_code == 200


STAFF_PAGES = [
    ("get", "delegations:lop_staff"),
    ("get", "delegations:lop_settings"),
    ("post", "delegations:lop_pdf_prepare"),
    ("get", "delegations:statistics"),
    ("get", "delegations:statistics_csv"),
    ("get", "delegations:export_csv"),
    ("get", "delegations:export_xlsx"),
    ("get", "delegations:badges"),
    ("get", "delegations:checkin"),
    ("post", "delegations:checkin"),
    ("get", "delegations:checkin_counts"),
]


@pytest.mark.parametrize(("method", "name"), STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_log_in_and_refuse_delegates(client, world, delegate, method, name):
    url = reverse(name, args=["1msp"])
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]

    client.force_login(world["lao"].created_by)
    assert getattr(client, method)(url).status_code == 403
    client.force_login(delegate)
    assert getattr(client, method)(url).status_code == 403


def test_object_pages_refuse_delegates_and_hide_other_meetings_jobs(client, world, secretariat):
    job, _how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="complete")
    other = MeetingFactory()
    urls = [
        reverse("delegations:job", args=["1msp", job.pk]),
        reverse("delegations:job_status", args=["1msp", job.pk]),
        reverse("delegations:job_download", args=["1msp", job.pk]),
        reverse("delegations:lop_pdf", args=["1msp", "complete"]),
        reverse("delegations:checkin_card", args=["1msp", world["lao_head"].pk]),
    ]
    client.force_login(world["lao"].created_by)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(secretariat)
    assert client.get(reverse("delegations:job", args=[other.slug, job.pk])).status_code == 404
    assert client.get(reverse("delegations:checkin_card", args=[other.slug, world["lao_head"].pk])).status_code == 404
    # The public status of a job says nothing about the staff-only complete list.
    assert client.get(reverse("delegations:lop_public_pdf_status", args=["1msp", job.pk])).status_code == 404


def test_staff_and_public_list_pages_make_the_same_few_queries_for_1_or_many_rows(client, secretariat):
    meeting = MeetingFactory(slug="n-plus-one")
    delegation = approved_delegation(meeting, country="NO", sort_name="Norway")
    approved_participant(delegation, role="head")
    client.force_login(secretariat)
    staff_url = reverse("delegations:lop_staff", args=[meeting.slug])
    public_url = reverse("delegations:lop_public", args=[meeting.slug])
    stats_url = reverse("delegations:statistics", args=[meeting.slug])
    few = [warm_queries(client, url) for url in (staff_url, public_url, stats_url)]

    for code, name in [("NZ", "New Zealand"), ("PE", "Peru"), ("GH", "Ghana")]:
        other = approved_delegation(meeting, country=code, sort_name=name)
        for role in ("head", "adviser", "expert"):
            approved_participant(other, role=role)
    services_lists.request_lop_pdf(meeting=meeting, variant="public")
    run_jobs()
    many = [warm_queries(client, url) for url in (staff_url, public_url, stats_url)]

    assert few == many
    # The staff list sorts every row's keys in one query, then reads its page's rows in another;
    # with no saved settings, the symbol the register gave the list is one more (constant) query.
    assert many[0] <= 12


def test_meeting_page_links_the_public_list_for_everyone_and_staff_pages_for_the_secretariat(
    client, world, secretariat
):
    public_url = reverse("delegations:lop_public", args=["1msp"])
    staff_urls = [reverse(name, args=["1msp"]) for name in ("delegations:lop_staff", "delegations:checkin")]

    page = client.get(world["meeting"].get_absolute_url()).content.decode()
    assert public_url in page
    assert not any(url in page for url in staff_urls)

    client.force_login(secretariat)
    page = client.get(world["meeting"].get_absolute_url()).content.decode()
    assert all(url in page for url in [public_url, *staff_urls])


def test_staff_page_marks_the_stored_list_out_of_date_at_the_request_after_an_approval(client, world, secretariat):
    client.force_login(secretariat)
    services_lists.request_lop_pdf(meeting=world["meeting"], variant="complete")
    run_jobs()
    staff_url = reverse("delegations:lop_staff", args=["1msp"])
    assert "Up to date" in client.get(staff_url).content.decode()
    assert "Up to date" in client.get(staff_url).content.decode()  # the remembered fingerprints

    approved_participant(world["lao"], role="expert", given_name="Newly", family_name="Arrived")

    page = client.get(staff_url).content.decode()
    assert "Out of date; previous version" in page
    assert "Up to date" not in page


def test_a_list_made_private_is_hidden_from_the_public_at_the_next_request(client, world):
    url = reverse("delegations:lop_public", args=["1msp"])
    assert client.get(url).status_code == 200

    row = ParticipantListSettings.objects.create(meeting=world["meeting"], symbol="X/INF.1", is_public=False)

    assert client.get(url).status_code == 404
    row.is_public = True
    row.save()
    assert client.get(url).status_code == 200


def test_a_stored_copy_whose_file_is_gone_is_not_served_again(client, world):
    url = reverse("delegations:lop_public_pdf", args=["1msp"])
    client.get(url)
    run_jobs()
    assert body(get(client, url)).startswith(b"%PDF")
    job = RenderJob.objects.get()

    private_storage().delete(job.file.name)

    again = client.get(url)
    assert "being prepared" in again.content.decode()
    assert RenderJob.objects.count() == 2

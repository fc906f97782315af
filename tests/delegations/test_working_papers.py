"""Working papers and national reports: a delegation submits, the secretariat issues (WP.n) or declines."""

import io
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse
from pypdf import PdfReader

from ccm_portal.audit.models import AuditEntry
from ccm_portal.documents.models import Document
from ccm_portal.mail.models import OutboxMessage
from delegations import services_papers
from delegations.models import Delegation, PaperFile, PaperSubmission
from tests.conftest import make_pdf_bytes
from tests.factories import DelegationFactory, MeetingFactory, UserFactory
from tests.form_tokens import TOKEN_RE
from tests.queries import warm_queries
from tests.sessions.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def pdf(name="paper.pdf", text="Working paper"):
    return SimpleUploadedFile(name, make_pdf_bytes(text), content_type="application/pdf")


def docx_bytes(*, macros=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        kind = "application/vnd.ms-word.document.macroEnabled.main+xml" if macros else "application/xml"
        package.writestr("[Content_Types].xml", f'<Types><Override ContentType="{kind}"/></Types>')
        package.writestr("word/document.xml", "<w:document/>")
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00" * 10)
    return buffer.getvalue()


@pytest.fixture
def items(meeting):
    AgendaItemFactory(agenda__meeting=meeting, position=9, title="Universalization")
    return AgendaItemFactory(agenda__meeting=meeting, position=10, title="Victim assistance")


def submit(delegation, by, **overrides):
    data = {
        "meeting": delegation.meeting,
        "delegation": delegation,
        "by": by,
        "kind": PaperSubmission.Kind.WORKING_PAPER,
        "title": "Victim assistance in practice",
        "agenda_item": "10",
        "language": "en",
        "pdf": pdf(),
    }
    data.update(overrides)
    return services_papers.paper_submit(**data)


def post_submission(client, delegation, **overrides):
    data = {
        "kind": "working_paper",
        "title": "Victim assistance in practice",
        "agenda_item": "10",
        "language": "en",
        "pdf": pdf(),
    }
    data.update(overrides)
    url = reverse("delegations:paper_submit", args=[delegation.pk])
    data["form_token"] = (TOKEN_RE.findall(client.get(url).content.decode()) or [""])[0]
    return client.post(url, data)


def test_submit_and_issue_gives_the_next_wp_symbol_and_shows_on_the_public_page(
    client, accredited, focal_point, secretariat, items, django_capture_on_commit_callbacks
):
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_submission(client, accredited, docx=SimpleUploadedFile("paper.docx", docx_bytes()))
    submission = PaperSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == submission.get_absolute_url()
    assert submission.status == PaperSubmission.Status.SUBMITTED
    assert submission.agenda_item_title == "Victim assistance"
    assert submission.files.get().docx
    # The register already holds WP.1: the paper takes WP.2.
    from ccm_portal.documents import services as register

    register.document_reserve(meeting=accredited.meeting, series="WP", by=secretariat, title="Earlier", author="X")

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delegations:paper_issue", args=[accredited.meeting.slug, submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    document = submission.document
    assert submission.status == PaperSubmission.Status.ISSUED
    assert document.symbol == f"{accredited.meeting.symbol_prefix}/WP.2"
    assert document.is_issued
    assert document.category == Document.Category.WORKING_PAPER
    assert document.author == "France"
    assert document.author_states == ["FR"]
    assert (document.agenda_item_number, document.agenda_item_title) == ("10", "Victim assistance")
    stored = document.files.get()
    assert stored.language == "en"
    with stored.file.open("rb") as handle:
        assert PdfReader(handle).metadata.title == "Working paper"

    page = client.get(reverse("documents:list", args=[accredited.meeting.slug]))
    assert "Victim assistance in practice" in page.content.decode()
    assert "WP.2" in page.content.decode()
    actions = set(AuditEntry.objects.filter(trail=accredited.trail).values_list("action", flat=True))
    assert {"submitted paper", "issued paper"} <= actions
    subjects = [m.subject for m in OutboxMessage.objects.all() if focal_point.email in m.to]
    assert any("WP.2" in subject for subject in subjects)
    assert any("paper received" in subject for subject in subjects)


def test_declined_paper_shows_the_reason_to_the_delegation(client, accredited, focal_point, secretariat, items):
    submission = submit(accredited, focal_point)
    client.force_login(secretariat)
    response = client.post(
        reverse("delegations:paper_decline", args=[accredited.meeting.slug, submission.pk]),
        {"reason": "Please use the template of the secretariat."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == PaperSubmission.Status.DECLINED
    assert not Document.objects.exists()

    client.force_login(focal_point)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Please use the template of the secretariat." in page
    listing = client.get(reverse("delegations:papers", args=[accredited.pk])).content.decode()
    assert "Please use the template of the secretariat." in listing
    assert "Declined" in listing


def test_decline_without_a_reason_is_refused_next_to_the_field(client, accredited, focal_point, secretariat, items):
    submission = submit(accredited, focal_point)
    client.force_login(secretariat)
    response = client.post(
        reverse("delegations:paper_decline", args=[accredited.meeting.slug, submission.pk]), {"reason": "  "}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == PaperSubmission.Status.SUBMITTED


def test_a_delegation_not_accredited_is_refused_with_a_message(client, delegation, focal_point, items):
    client.force_login(focal_point)
    page = client.get(reverse("delegations:paper_submit", args=[delegation.pk])).content.decode()
    assert "Only accredited delegations submit papers" in page
    response = post_submission(client, delegation)
    assert response.status_code == 400
    assert "Only accredited delegations submit papers" in response.content.decode()
    assert not PaperSubmission.objects.exists()
    assert not PaperFile.objects.exists()


def test_a_delegation_of_another_meeting_is_refused(accredited, focal_point, items):
    other_meeting = MeetingFactory()
    with pytest.raises(services_papers.PaperError, match="registered for another meeting"):
        submit(accredited, focal_point, meeting=other_meeting)
    assert not PaperSubmission.objects.exists()


def test_a_co_sponsor_of_another_meeting_is_refused_next_to_the_field(client, accredited, focal_point, items):
    elsewhere = DelegationFactory(meeting=MeetingFactory(), country="JP", status=Delegation.Status.APPROVED)
    with pytest.raises(services_papers.PaperError, match="not an accredited state delegation of this meeting"):
        submit(accredited, focal_point, co_sponsors=[elsewhere])
    client.force_login(focal_point)
    response = post_submission(client, accredited, co_sponsors=[elsewhere.pk])
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PaperSubmission.objects.exists()


def test_an_item_not_on_the_agenda_is_refused(accredited, focal_point, items):
    with pytest.raises(services_papers.PaperError, match="Choose an item of this meeting's agenda"):
        submit(accredited, focal_point, agenda_item="42")


def test_co_sponsored_paper_is_authored_by_multiple_states(
    accredited, other_accredited, focal_point, secretariat, items
):
    submission = submit(accredited, focal_point, co_sponsors=[other_accredited])
    document = services_papers.paper_issue(submission=submission, by=secretariat)
    assert document.author == "Multiple States"
    assert document.author_states == ["FR", "DE"]


def test_another_delegation_cannot_see_or_change_a_paper(client, accredited, other_accredited, focal_point, items):
    submission = submit(accredited, focal_point)
    row = submission.files.get()
    other = other_accredited.focal_points.get()
    client.force_login(other)
    urls = [
        reverse("delegations:papers", args=[accredited.pk]),
        submission.get_absolute_url(),
        reverse("delegations:paper_file", args=[accredited.pk, submission.pk, row.pk, "pdf"]),
        reverse("delegations:paper_submit", args=[accredited.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Its own delegation's address with A's paper: still not found.
    assert client.get(reverse("delegations:paper", args=[other_accredited.pk, submission.pk])).status_code == 404
    response = client.post(
        reverse("delegations:paper_language", args=[accredited.pk, submission.pk]), {"language": "fr", "pdf": pdf()}
    )
    assert response.status_code == 404
    assert client.get(reverse("delegations:paper_queue", args=[accredited.meeting.slug])).status_code == 403
    assert submission.files.count() == 1
    client.logout()
    assert client.get(submission.get_absolute_url()).status_code in (302, 404)


def test_the_paper_pdf_is_downloaded_as_an_attachment_never_inline(client, accredited, focal_point, items):
    submission = submit(accredited, focal_point)
    row = submission.files.get()
    client.force_login(focal_point)
    response = client.get(reverse("delegations:paper_file", args=[accredited.pk, submission.pk, row.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert row.pdf.name.startswith("working-papers/")
    assert "paper" not in row.pdf.name.split("/")[1]


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("pdf", SimpleUploadedFile("paper.pdf", b"<html>not a pdf</html>"), "This file is not a PDF"),
        ("docx", SimpleUploadedFile("paper.docx", b"%PDF-1.4 not a docx"), "not a Word document"),
        ("docx", SimpleUploadedFile("paper.docx", docx_bytes(macros=True)), "macro"),
    ],
)
def test_a_bad_upload_gets_a_field_message_and_nothing_is_saved(
    client, accredited, focal_point, items, field, upload, message
):
    client.force_login(focal_point)
    response = post_submission(client, accredited, **{field: upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PaperSubmission.objects.exists()
    assert not PaperFile.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused_and_nothing_is_saved(client, accredited, focal_point, items, settings):
    settings.MAX_UPLOAD_BYTES = 200
    client.force_login(focal_point)
    response = post_submission(client, accredited)
    assert response.status_code == 400
    assert "the limit is 200" in response.content.decode()
    assert not PaperSubmission.objects.exists()


def test_a_language_is_added_while_pending_and_issued_with_the_paper(accredited, focal_point, secretariat, items):
    submission = submit(accredited, focal_point)
    services_papers.paper_add_language(submission=submission, by=focal_point, language="fr", pdf=pdf(text="Version"))
    document = services_papers.paper_issue(submission=submission, by=secretariat)
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "fr"]
    with pytest.raises(services_papers.PaperError, match="no longer change"):
        services_papers.paper_add_language(submission=submission, by=focal_point, language="es", pdf=pdf())


def test_a_revision_of_an_issued_paper_gets_rev_1(client, accredited, focal_point, secretariat, items):
    original = submit(accredited, focal_point)
    first = services_papers.paper_issue(submission=original, by=secretariat)
    client.force_login(focal_point)
    response = post_submission(client, accredited, title="Victim assistance in practice (revised)", revises=original.pk)
    assert response.status_code == 302
    revision = PaperSubmission.objects.exclude(pk=original.pk).get()
    document = services_papers.paper_issue(submission=revision, by=secretariat)
    assert document.symbol == f"{first.symbol}/Rev.1"
    assert document.parent == first
    assert document.title == "Victim assistance in practice (revised)"


def test_a_pending_paper_cannot_be_revised(accredited, focal_point, items):
    original = submit(accredited, focal_point)
    with pytest.raises(services_papers.PaperError, match="Only an issued paper"):
        submit(accredited, focal_point, revises=original)


def test_issuing_twice_is_refused_with_a_message_and_issues_once(client, accredited, focal_point, secretariat, items):
    submission = submit(accredited, focal_point)
    url = reverse("delegations:paper_issue", args=[accredited.meeting.slug, submission.pk])
    client.force_login(secretariat)
    client.post(url)
    response = client.post(url, follow=True)
    assert "was issued already" in response.content.decode()
    assert Document.objects.count() == 1
    with pytest.raises(services_papers.PaperError, match="issued already"):
        services_papers.paper_decline(submission=submission, by=secretariat, reason="Too late")
    submission.refresh_from_db()
    assert submission.status == PaperSubmission.Status.ISSUED


def test_declining_twice_is_refused(accredited, focal_point, secretariat, items):
    submission = submit(accredited, focal_point)
    services_papers.paper_decline(submission=submission, by=secretariat, reason="Duplicate")
    with pytest.raises(services_papers.PaperError, match="declined already"):
        services_papers.paper_issue(submission=submission, by=secretariat)
    assert not Document.objects.exists()


def test_queue_and_delegation_list_have_the_same_query_count_for_one_and_many(
    client, accredited, other_accredited, focal_point, secretariat, items
):
    submit(accredited, focal_point, co_sponsors=[other_accredited])
    queue = reverse("delegations:paper_queue", args=[accredited.meeting.slug])
    mine = reverse("delegations:papers", args=[accredited.pk])
    client.force_login(secretariat)
    queue_one = warm_queries(client, queue)
    client.force_login(focal_point)
    mine_one = warm_queries(client, mine)
    third = DelegationFactory(meeting=accredited.meeting, country="MX", status=Delegation.Status.APPROVED)
    for n in range(5):
        paper = submit(accredited, focal_point, title=f"Paper {n}", co_sponsors=[other_accredited, third])
        services_papers.paper_add_language(submission=paper, by=focal_point, language="fr", pdf=pdf())
    original = PaperSubmission.objects.order_by("pk").first()
    services_papers.paper_issue(submission=original, by=secretariat)
    original.refresh_from_db()
    submit(accredited, focal_point, title="Revised", revises=original)
    client.force_login(secretariat)
    assert warm_queries(client, queue + "?status=") == queue_one
    client.force_login(focal_point)
    assert warm_queries(client, mine) == mine_one


def test_queue_is_paginated(client, accredited, focal_point, secretariat, items):
    for n in range(26):
        submit(accredited, focal_point, title=f"Paper number {n:02d}")
    client.force_login(secretariat)
    url = reverse("delegations:paper_queue", args=[accredited.meeting.slug])
    first = client.get(url).content.decode()
    assert "Paper number 00" in first
    assert "Paper number 25" not in first
    assert "Paper number 25" in client.get(url + "?page=2").content.decode()


def test_focal_point_sees_the_submit_link_and_the_delegation_page_links_the_papers(
    client, accredited, focal_point, items
):
    client.force_login(focal_point)
    detail = client.get(accredited.get_absolute_url()).content.decode()
    assert reverse("delegations:papers", args=[accredited.pk]) in detail
    listing = client.get(reverse("delegations:papers", args=[accredited.pk])).content.decode()
    assert reverse("delegations:paper_submit", args=[accredited.pk]) in listing


def test_someone_who_is_not_a_focal_point_cannot_submit(accredited, items):
    with pytest.raises(services_papers.PaperError, match="focal points"):
        submit(accredited, UserFactory())


@pytest.mark.django_db(transaction=True)
def test_two_secretariat_tabs_issuing_at_the_same_moment_issue_the_paper_once(
    on_postgres, accredited, focal_point, secretariat, items
):
    submission = submit(accredited, focal_point)
    barrier = threading.Barrier(2)
    results = [None, None]

    def issue(index):
        try:
            barrier.wait(timeout=10)
            results[index] = services_papers.paper_issue(submission=submission, by=secretariat).symbol
        except Exception as exc:  # noqa: BLE001 - the test looks at what each tab got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    symbols = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, services_papers.PaperError)]
    assert symbols == [f"{accredited.meeting.symbol_prefix}/WP.1"]
    assert len(refused) == 1, results
    assert "issued already" in str(refused[0])
    assert Document.objects.filter(meeting=accredited.meeting).count() == 1


def test_a_huge_co_sponsor_id_is_answered_with_the_form(client, accredited, focal_point, items):
    client.force_login(focal_point)
    response = post_submission(client, accredited, co_sponsors=["99999999999999999999999999"])
    assert response.status_code == 400
    assert "co_sponsors" in response.context["form"].errors
    assert not PaperSubmission.objects.exists()


def test_a_co_sponsor_reads_the_paper_but_only_the_submitter_changes_it(
    client, accredited, other_accredited, focal_point, items
):
    submission = submit(accredited, focal_point, co_sponsors=[other_accredited])
    row = submission.files.get()
    co_sponsor = other_accredited.focal_points.get()
    client.force_login(co_sponsor)
    listing = client.get(reverse("delegations:papers", args=[other_accredited.pk])).content.decode()
    assert "Victim assistance in practice" in listing
    assert "your delegation co-sponsors it" in listing
    page = client.get(reverse("delegations:paper", args=[other_accredited.pk, submission.pk]))
    assert page.status_code == 200
    assert reverse("delegations:paper_language", args=[other_accredited.pk, submission.pk]) not in page.content.decode()
    download = client.get(reverse("delegations:paper_file", args=[other_accredited.pk, submission.pk, row.pk, "pdf"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    response = client.post(
        reverse("delegations:paper_language", args=[other_accredited.pk, submission.pk]),
        {"language": "fr", "pdf": pdf()},
    )
    assert response.status_code == 400
    assert "Only the delegation&#x27;s focal points submit its papers." in response.content.decode()
    assert submission.files.count() == 1
    # A third delegation, not a co-sponsor, still finds nothing.
    third = DelegationFactory(meeting=accredited.meeting, country="MX", status=Delegation.Status.APPROVED)
    client.force_login(third.focal_points.get())
    assert client.get(reverse("delegations:paper", args=[third.pk, submission.pk])).status_code == 404

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from delegations.models import Delegation, JoinRequest, Participant
from tests.conftest import make_pdf_bytes
from tests.factories import DelegationFactory, ParticipantFactory, UserFactory
from tests.queries import warm_queries

pytestmark = pytest.mark.django_db

XSS = '<img src="file:///etc/passwd">'


def participant_post(**overrides):
    data = {
        "title": "H.E. Mr.",
        "given_name": "Thongloun",
        "family_name": "Sisoulith",
        "function": "Deputy Prime Minister",
        "role": "head",
        "email": "head@mission.example",
        "gender": "male",
        "accessibility_needs": "",
        "public_consent": "on",
    }
    return {**data, **overrides}


def delegation_urls(delegation, participant, join_request):
    pk = delegation.pk
    return [
        ("get", reverse("delegations:detail", args=[pk])),
        ("get", reverse("delegations:document", args=[pk])),
        ("post", reverse("delegations:document_upload", args=[pk])),
        ("get", reverse("delegations:participant_add", args=[pk])),
        ("get", reverse("delegations:participant_edit", args=[pk, participant.pk])),
        ("post", reverse("delegations:participant_remove", args=[pk, participant.pk])),
        ("post", reverse("delegations:submit", args=[pk])),
        ("post", reverse("delegations:join_request_decide", args=[pk, join_request.pk])),
    ]


@pytest.fixture
def other_world(other_delegation, focal_point, pdf_upload):
    from delegations import services

    participant = ParticipantFactory(delegation=other_delegation, role="head")
    join_request = JoinRequest.objects.create(delegation=other_delegation, user=UserFactory())
    services.delegation_attach_document(delegation=other_delegation, upload=pdf_upload, by=other_delegation.created_by)
    return other_delegation, participant, join_request


def test_focal_point_gets_404_for_every_page_of_another_delegation(client, focal_point, delegation, other_world):
    other, participant, join_request = other_world
    client.force_login(focal_point)

    for method, url in delegation_urls(other, participant, join_request):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url

    participant.refresh_from_db()
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert not other.focal_points.filter(pk=focal_point.pk).exists()


def test_anonymous_visitor_is_sent_to_log_in(client, other_world):
    other, participant, join_request = other_world

    for method, url in delegation_urls(other, participant, join_request):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_delegate_cannot_reach_secretariat_pages(client, focal_point, delegation):
    client.force_login(focal_point)
    slug = delegation.meeting.slug
    urls = [
        ("get", reverse("delegations:dashboard", args=[slug])),
        ("get", reverse("delegations:credentials_report", args=[slug])),
        ("get", reverse("delegations:credentials_report_pdf", args=[slug])),
        ("post", reverse("delegations:decide", args=[delegation.pk])),
        ("post", reverse("delegations:credentials", args=[delegation.pk])),
        ("post", reverse("delegations:invitation_approve", args=[delegation.pk])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url, {"decision": "approve"}).status_code == 403, url
    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.DRAFT


def test_register_a_state_in_the_browser_form(client, meeting):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("delegations:register", args=[meeting.slug]), {"kind": "state", "country": "LA"}, follow=True
    )

    delegation = Delegation.objects.get(meeting=meeting, country="LA")
    assert response.redirect_chain[-1][0] == delegation.get_absolute_url()
    assert "Lao" in delegation.sort_name
    assert delegation.focal_points.filter(pk=user.pk).exists()


def test_register_without_state_shows_message_next_to_field(client, meeting):
    client.force_login(UserFactory())

    response = client.post(reverse("delegations:register", args=[meeting.slug]), {"kind": "state", "country": ""})

    assert response.status_code == 200
    assert "Choose the state your delegation represents." in response.content.decode()
    assert not Delegation.objects.exists()


def test_second_delegate_is_told_the_focal_point_and_can_ask_to_join(client, delegation):
    colleague = UserFactory()
    client.force_login(colleague)
    url = reverse("delegations:register", args=[delegation.meeting.slug])

    response = client.post(url, {"kind": "state", "country": "FR"})
    page = response.content.decode()
    assert "Focal Point One" in page
    token = response.context["join_token"]

    client.post(reverse("delegations:join", args=[delegation.meeting.slug]), {"token": token, "message": "Hello"})

    assert JoinRequest.objects.filter(delegation=delegation, user=colleague, status="pending").exists()
    assert Delegation.objects.filter(meeting=delegation.meeting, country="FR").count() == 1


def test_forged_join_token_is_refused(client, delegation):
    client.force_login(UserFactory())

    client.post(reverse("delegations:join", args=[delegation.meeting.slug]), {"token": str(delegation.pk)})

    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("note.pdf", b"MZ\x90\x00 this is an executable renamed", "not a PDF"),
        ("note.pdf", b"", "empty"),
        ("note.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), "limit is 5.0"),
        ("note.pdf", b"%PDF-1.4\nthis is not really a pdf at all", "could not be read"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(client, focal_point, delegation, name, content, message):
    client.force_login(focal_point)

    response = client.post(
        reverse("delegations:document_upload", args=[delegation.pk]),
        {"document": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    delegation.refresh_from_db()
    assert not delegation.document


def test_document_is_served_only_as_attachment_to_its_delegation(client, focal_point, delegation, secretariat):
    client.force_login(focal_point)
    upload = SimpleUploadedFile("Note verbale 12.pdf", make_pdf_bytes(), content_type="application/pdf")
    client.post(reverse("delegations:document_upload", args=[delegation.pk]), {"document": upload})

    response = client.get(reverse("delegations:document", args=[delegation.pk]))
    client.force_login(secretariat)
    staff_response = client.get(reverse("delegations:document", args=[delegation.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert staff_response.status_code == 200
    assert b"".join(staff_response.streaming_content).startswith(b"%PDF-")


def test_add_head_and_adviser_then_submit(client, focal_point, delegation, pdf_upload):
    client.force_login(focal_point)
    client.post(reverse("delegations:document_upload", args=[delegation.pk]), {"document": pdf_upload})

    client.post(reverse("delegations:participant_add", args=[delegation.pk]), participant_post())
    client.post(
        reverse("delegations:participant_add", args=[delegation.pk]),
        participant_post(role="adviser", given_name="Noy", family_name="Vong", email="noy@mission.example"),
    )
    client.post(reverse("delegations:submit", args=[delegation.pk]))

    delegation.refresh_from_db()
    assert delegation.status == Delegation.Status.SUBMITTED
    assert sorted(delegation.participants.values_list("role", flat=True)) == ["adviser", "head"]


def test_participant_form_errors_are_shown_next_to_fields_and_nothing_saved(client, focal_point, delegation):
    client.force_login(focal_point)

    response = client.post(
        reverse("delegations:participant_add", args=[delegation.pk]),
        participant_post(given_name="", email="not-an-address", role="chief"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert "Select a valid choice." in page
    assert not delegation.participants.exists()


def test_second_head_is_refused_next_to_the_role_field(client, focal_point, delegation, head):
    client.force_login(focal_point)

    response = client.post(
        reverse("delegations:participant_add", args=[delegation.pk]), participant_post(email="second@example.org")
    )

    assert "already head of this delegation" in response.content.decode()
    assert delegation.participants.count() == 1


def test_concurrent_edit_keeps_both_versions_visible(client, focal_point, delegation):
    participant = ParticipantFactory(delegation=delegation, function="Counsellor", role="adviser")
    url = reverse("delegations:participant_edit", args=[delegation.pk, participant.pk])
    client.force_login(focal_point)
    stale_version = participant.version
    Participant.objects.filter(pk=participant.pk).update(function="First Secretary", version=stale_version + 1)

    response = client.post(
        url,
        participant_post(role="adviser", function="Attaché", email=participant.email, version=stale_version),
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "First Secretary" in page  # their version
    assert 'value="Attaché"' in page  # my input, kept in the form
    participant.refresh_from_db()
    assert participant.function == "First Secretary"


@pytest.mark.parametrize("version", [None, "", "two"])
def test_an_edit_that_does_not_say_which_version_it_changes_is_refused(client, focal_point, delegation, version):
    participant = ParticipantFactory(delegation=delegation, function="Counsellor", role="adviser")
    client.force_login(focal_point)
    data = participant_post(role="adviser", function="Attaché", email=participant.email)
    if version is not None:
        data["version"] = version

    response = client.post(reverse("delegations:participant_edit", args=[delegation.pk, participant.pk]), data)

    assert response.status_code in (400, 409)
    assert "Reload the page" in response.content.decode()
    participant.refresh_from_db()
    assert participant.function == "Counsellor"


def test_focal_point_cannot_edit_after_deadline(client, focal_point, delegation):
    participant = ParticipantFactory(delegation=delegation, role="adviser")
    meeting = delegation.meeting
    meeting.registration_opens = timezone.now() - dt.timedelta(days=30)
    meeting.registration_deadline = timezone.now() - dt.timedelta(hours=1)
    meeting.save()
    client.force_login(focal_point)

    client.post(
        reverse("delegations:participant_edit", args=[delegation.pk, participant.pk]),
        participant_post(role="adviser", function="Changed", version=participant.version),
    )

    participant.refresh_from_db()
    assert participant.function != "Changed"


def test_script_in_a_name_is_shown_as_text(client, secretariat, delegation):
    ParticipantFactory(delegation=delegation, given_name=XSS, status="pending")
    delegation.status = "submitted"
    delegation.save()
    client.force_login(secretariat)

    detail = client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    dashboard = client.get(reverse("delegations:dashboard", args=[delegation.meeting.slug])).content.decode()

    for page in (detail, dashboard):
        assert XSS not in page
        assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page


def test_dashboard_counts_and_queue(client, secretariat, meeting):
    DelegationFactory(meeting=meeting, status="submitted", country="AT", sort_name="Austria")
    approved = DelegationFactory(meeting=meeting, status="approved", country="BE", sort_name="Belgium")
    ParticipantFactory(delegation=approved, status="pending", family_name="Dupont")
    draft = DelegationFactory(meeting=meeting, status="draft", country="CL", sort_name="Chile")
    ParticipantFactory(delegation=draft, status="pending", family_name="Still-Editing")
    client.force_login(secretariat)

    response = client.get(reverse("delegations:dashboard", args=[meeting.slug]))

    queue = [d.sort_name for d in response.context["delegations"]]
    # Submitted only: not the approved delegation (its pending participant is listed below), nor the draft.
    assert queue == ["Austria"]
    parties = response.context["counts"][0]
    assert parties["delegations"] == {"submitted": 1, "approved": 1, "draft": 1}
    assert [p.family_name for p in response.context["participants"]] == ["Dupont"]


def test_waiting_for_a_decision_lists_only_submitted_delegations(client, secretariat, meeting):
    DelegationFactory(meeting=meeting, status="submitted", country="AT", sort_name="Austria")
    decided_rows = [("approved", "BE", "Belgium"), ("rejected", "CL", "Chile"), ("refused", "DK", "Denmark")]
    for status, code, name in decided_rows:
        decided = DelegationFactory(meeting=meeting, status=status, country=code, sort_name=name)
        ParticipantFactory(delegation=decided, status="pending")
    client.force_login(secretariat)
    url = reverse("delegations:dashboard", args=[meeting.slug])

    waiting = client.get(url).context["delegations"]
    chosen = client.get(url, {"status": "open"}).context["delegations"]
    every = client.get(url, {"status": ""}).context["delegations"]

    assert [d.sort_name for d in waiting] == ["Austria"]
    assert [d.sort_name for d in chosen] == ["Austria"]
    assert [d.sort_name for d in every] == ["Austria", "Belgium", "Chile", "Denmark"]


def test_dashboard_search_and_filter(client, secretariat, meeting):
    DelegationFactory(meeting=meeting, status="submitted", country="AT", sort_name="Austria")
    DelegationFactory(meeting=meeting, status="submitted", country="BE", sort_name="Belgium", category=2)
    client.force_login(secretariat)
    url = reverse("delegations:dashboard", args=[meeting.slug])

    by_name = client.get(url, {"q": "belg"}).context["delegations"]
    by_category = client.get(url, {"category": "1", "status": ""}).context["delegations"]

    assert [d.sort_name for d in by_name] == ["Belgium"]
    assert [d.sort_name for d in by_category] == ["Austria"]


def test_bulk_reject_without_reason_is_refused_and_nothing_changes(client, secretariat, meeting):
    rows = [
        DelegationFactory(meeting=meeting, status="submitted", country=code, sort_name=code) for code in ("AT", "BE")
    ]
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:dashboard", args=[meeting.slug]),
        {"delegations": [d.pk for d in rows], "decision": "reject", "reason": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Give a reason" in page
    assert page.count(" checked></td>") == 2  # the ticked rows stay ticked
    assert set(Delegation.objects.values_list("status", flat=True)) == {"submitted"}


def test_bulk_approve_from_dashboard(client, secretariat, meeting):
    rows = [
        DelegationFactory(meeting=meeting, status="submitted", country=code, sort_name=code) for code in ("AT", "BE")
    ]
    people = [ParticipantFactory(delegation=rows[0]) for _ in range(2)]
    client.force_login(secretariat)

    client.post(
        reverse("delegations:dashboard", args=[meeting.slug]),
        {"delegations": [d.pk for d in rows], "participants": [p.pk for p in people], "decision": "approve"},
    )

    assert set(Delegation.objects.values_list("status", flat=True)) == {"approved"}
    assert set(Participant.objects.values_list("status", flat=True)) == {"approved"}


def _dashboard_queries(client, meeting):
    return warm_queries(client, reverse("delegations:dashboard", args=[meeting.slug]))


def test_dashboard_query_count_does_not_grow_with_rows(client, secretariat, meeting):
    client.force_login(secretariat)
    codes = ["AT", "BE", "CL", "DK", "EC"]
    first = DelegationFactory(meeting=meeting, status="submitted", country=codes[0], sort_name=codes[0])
    ParticipantFactory(delegation=first)
    one = _dashboard_queries(client, meeting)

    for code in codes[1:]:
        row = DelegationFactory(meeting=meeting, status="submitted", country=code, sort_name=code)
        ParticipantFactory.create_batch(2, delegation=row)
    many = _dashboard_queries(client, meeting)

    assert one == many


def test_delegation_page_query_count_does_not_grow_with_participants(client, focal_point, delegation):
    client.force_login(focal_point)
    ParticipantFactory(delegation=delegation)
    url = reverse("delegations:detail", args=[delegation.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ParticipantFactory.create_batch(4, delegation=delegation)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(one.captured_queries) == len(many.captured_queries)


def test_my_delegations_query_count_does_not_grow(client, meeting):
    user = UserFactory()
    client.force_login(user)
    DelegationFactory(meeting=meeting, country="AT", sort_name="Austria", created_by=user)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("delegations:mine"))
    for code in ("BE", "CL", "DK", "EC"):
        row = DelegationFactory(meeting=meeting, country=code, sort_name=code, created_by=user)
        ParticipantFactory.create_batch(2, delegation=row)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("delegations:mine"))
    assert len(response.context["delegations"]) == 5
    assert len(one.captured_queries) == len(many.captured_queries)


def test_credentials_edit_needs_a_date(client, secretariat, delegation):
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:credentials", args=[delegation.pk]), {"credentials_status": "copy", "credentials_date": ""}
    )

    assert response.status_code == 400
    assert "Give the date" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.credentials_status == "none"


def test_credentials_history_records_the_status_before_and_after_the_edit(client, secretariat, delegation):
    client.force_login(secretariat)

    client.post(
        reverse("delegations:credentials", args=[delegation.pk]),
        {"credentials_status": "original", "credentials_date": "2026-11-02"},
    )

    entry = AuditEntry.objects.get(trail=delegation.trail, action="updated credentials")
    assert entry.detail == "None → Original received"


def test_secretariat_rejects_participant_with_reason_and_focal_point_sees_it(
    client, secretariat, focal_point, delegation
):
    participant = ParticipantFactory(delegation=delegation)
    client.force_login(secretariat)
    client.post(
        reverse("delegations:participant_decide", args=[delegation.pk, participant.pk]),
        {"decision": "reject", "reason": "Not on the note verbale"},
    )

    client.force_login(focal_point)
    page = client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    participant.refresh_from_db()
    assert participant.status == "rejected"
    assert "Not on the note verbale" in page
    assert "rejected participant" in page  # audit trail on the page

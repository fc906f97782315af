"""Issue 12, check 1: no anonymous request runs WeasyPrint; every public PDF is a stored copy."""

import pytest
import weasyprint
from django.urls import reverse
from django.utils.http import http_date

from outcomes import services
from sessions import services as sessions_services
from sessions.models import MeetingSession
from tests.outcomes.factories import deadline
from tests.sessions.factories import MeetingSessionFactory, RoomFactory, local
from tests.stored_pdfs import body, fetch_pdf, get, run_queued_jobs
from tests.test_pdf_languages import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Every WeasyPrint render, whoever asks for it (ccm_portal.pdf.html_to_pdf ends in write_pdf)."""
    counted = []
    original = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        counted.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    return counted


@pytest.fixture
def public_meeting(circulated_plan, secretariat, settings, django_capture_on_commit_callbacks):
    """A published meeting with a programme, an agenda and a published Action Plan; every write's
    after-commit work (the renders it queues) runs, as it does outside a test transaction."""
    settings.RENDER_JOBS_RUNNER = "inline"
    meeting = circulated_plan.meeting
    with django_capture_on_commit_callbacks(execute=True):
        agenda = sessions_services.agenda_for(meeting)
        sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "Opening of the Meeting"})
        MeetingSessionFactory(
            meeting=meeting, room=RoomFactory(meeting=meeting), title="Opening plenary", starts_at=local(meeting, 0, 10)
        )
        services.mark_all_agreed(document=circulated_plan, by=secretariat)
        services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/4")
        services.document_publish(document=circulated_plan, by=secretariat)
    circulated_plan.refresh_from_db()
    meeting.document = circulated_plan
    return meeting


def _public_pdfs(meeting) -> list[str]:
    adopted = meeting.document.revisions.get(kind="adopted")
    return [
        reverse("outcomes:revision_pdf", kwargs={"pk": meeting.document.pk, "number": adopted.number}),
        reverse("ccm_sessions:programme_pdf", args=[meeting.slug]),
        reverse("ccm_sessions:agenda_pdf", args=[meeting.slug]),
    ]


def test_anonymous_visitors_fetching_every_public_pdf_twice_cause_no_render(client, public_meeting, renders):
    renders.clear()
    for _round in range(2):
        for url in _public_pdfs(public_meeting):
            response = get(client, url)
            assert response.status_code == 200, url
            assert body(response).startswith(b"%PDF")

    assert renders == []  # the published text was rendered at publication, programme and agenda on their change


def test_a_frozen_revision_is_rendered_when_frozen_not_when_read(client, public_meeting, renders):
    renders.clear()
    response = get(client, _public_pdfs(public_meeting)[0])

    assert response.status_code == 200
    assert renders == []
    assert response["ETag"].strip('"')
    assert response["Cache-Control"] == "no-cache"


def test_a_matching_etag_or_date_answers_304_without_a_body(client, public_meeting):
    for url in _public_pdfs(public_meeting):
        first = get(client, url)

        again = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
        since = get(client, url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        other = get(client, url, HTTP_IF_NONE_MATCH='"something-else"')

        assert (again.status_code, body(again)) == (304, b"")
        assert again["ETag"] == first["ETag"]
        assert since.status_code == 304
        assert other.status_code == 200
        assert get(client, url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_a_changed_session_is_rendered_in_the_background_and_the_old_copy_served_meanwhile(
    client, public_meeting, renders, django_capture_on_commit_callbacks, monkeypatch
):
    url = reverse("ccm_sessions:programme_pdf", args=[public_meeting.slug])
    old = get(client, url)
    session = MeetingSession.objects.get(meeting=public_meeting)
    renders.clear()
    # The worker is busy: the job the change asks for waits in the queue.
    monkeypatch.setattr("ccm_portal.jobs.services.dispatch", lambda job_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        session.title = "Opening plenary, resumed"
        session.save()
    meanwhile = get(client, url)
    assert meanwhile.status_code == 200
    assert meanwhile["ETag"] == old["ETag"]
    assert renders == []

    assert run_queued_jobs() == ["done"]
    fresh = get(client, url)

    assert len(renders) == 1
    assert fresh["ETag"] != old["ETag"]
    assert b"%PDF" in body(fresh)


def test_with_no_copy_yet_a_visitor_is_asked_to_retry_and_nothing_renders(client, circulated_plan, renders):
    url = reverse("ccm_sessions:programme_pdf", args=[circulated_plan.meeting.slug])
    renders.clear()

    response = get(client, url)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "being prepared" in response.content.decode()
    assert renders == []


def test_the_working_text_pdf_is_one_stored_copy_for_every_reader_until_the_text_changes(
    client, circulated_plan, drafter, secretariat, renders
):
    url = reverse("outcomes:working_pdf", kwargs={"pk": circulated_plan.pk})
    client.force_login(drafter)
    assert get(client, url).status_code == 503  # no copy yet: queued, the reader waits a few seconds
    first = fetch_pdf(client, url)
    renders.clear()
    client.force_login(secretariat)

    again = get(client, url)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again["ETag"] == first["ETag"]
    assert renders == []
    services.paragraph_update(
        paragraph=circulated_plan.built["actions"][0], by=secretariat, text="Take step 1 at once.", expected_version=1
    )
    changed = fetch_pdf(client, url)
    assert changed["ETag"] != first["ETag"]
    assert len(renders) == 1
    assert "Take step 1 at once." in pdf_text(body(changed))


def test_new_working_text_renders_are_limited_per_user_and_a_stored_copy_is_not(
    client, circulated_plan, drafter, secretariat, settings
):
    settings.ON_DEMAND_RENDER_LIMIT = (1, 60)
    url = reverse("outcomes:working_pdf", kwargs={"pk": circulated_plan.pk})
    client.force_login(drafter)
    assert fetch_pdf(client, url).status_code == 200  # the drafter's one render
    assert get(client, url).status_code == 200  # the stored copy: no render, not counted
    services.paragraph_update(
        paragraph=circulated_plan.built["actions"][0], by=drafter, text="Take step 1 at once.", expected_version=1
    )

    refused = get(client, url)
    client.force_login(secretariat)

    assert refused.status_code == 429
    assert fetch_pdf(client, url).status_code == 200  # another user has their own allowance


def test_two_delegates_comparing_the_same_revisions_share_one_stored_copy(
    client, circulated_plan, accredited, other_accredited, secretariat, renders
):
    services.paragraph_update(
        paragraph=circulated_plan.built["actions"][0], by=secretariat, text="Take step 1 now.", expected_version=1
    )
    services.document_circulate(document=circulated_plan, by=secretariat, comment_deadline=deadline(), notify=False)
    url = reverse("outcomes:compare_pdf", kwargs={"pk": circulated_plan.pk}) + "?from=0&to=1"
    client.force_login(accredited.created_by)
    first = fetch_pdf(client, url)
    renders.clear()
    client.force_login(other_accredited.created_by)

    second = get(client, url)

    assert (first.status_code, second.status_code) == (200, 200)
    assert renders == []
    assert second["ETag"] == first["ETag"]
    text = pdf_text(body(second))
    assert "CCM/MSP/2010/WP.1/Rev.1" in text
    print("PEEK", text)
    assert "now" in text  # the changed action, "within one year" struck out
    assert get(client, url.replace("to=1", "to=9")).status_code == 404  # a text they may not read

from django.urls import reverse

from tests.factories import MeetingFactory

NOTICE = reverse("privacy:notice")


def test_privacy_notice_is_public_and_states_the_retention_periods(client, db):
    MeetingFactory(title="Meeting kept longer", personal_data_retention_months=36)

    response = client.get(NOTICE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "kept for 24 months after the last day of the meeting" in page
    assert "Meeting kept longer" in page
    assert "36 months" in page
    assert "Who sees it" in page
    assert "download what the portal holds on you" in page


def test_footer_of_every_page_links_the_privacy_notice(client, db):
    assert f'href="{NOTICE}"' in client.get(reverse("home")).content.decode()
    assert f'href="{NOTICE}"' in client.get(reverse("accounts:login")).content.decode()


def test_sign_up_form_links_the_privacy_notice(client, db):
    page = client.get(reverse("accounts:sign_up")).content.decode()
    assert 'data-testid="privacy-link"' in page
    assert page.count(f'href="{NOTICE}"') == 2  # the form and the footer


def test_delegation_registration_form_links_the_privacy_notice(client, meeting, focal_point):
    client.force_login(focal_point)
    page = client.get(reverse("delegations:register", kwargs={"slug": meeting.slug})).content.decode()
    assert page.count(f'href="{NOTICE}"') == 2


def test_participant_form_links_the_privacy_notice_with_the_meeting_retention(client, delegation, focal_point):
    delegation.meeting.personal_data_retention_months = 18
    delegation.meeting.save()
    client.force_login(focal_point)

    page = client.get(reverse("delegations:participant_add", kwargs={"pk": delegation.pk})).content.decode()

    assert page.count(f'href="{NOTICE}"') == 2
    assert "deleted 18 months after the meeting" in page

"""A double click on a creating form of the registration makes one row."""

from django.urls import reverse

from delegations.models import Delegation, Participant
from tests.delegations.test_views import participant_post
from tests.form_tokens import form_token


def test_adding_a_participant_twice_with_one_form_makes_one_participant(client, delegation, focal_point):
    client.force_login(focal_point)
    url = reverse("delegations:participant_add", args=[delegation.pk])
    data = participant_post(role="representative", form_token=form_token(client.get(url)))

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == delegation.get_absolute_url()
    assert "already been saved" in second.content.decode()
    assert Participant.objects.filter(delegation=delegation).count() == 1


def test_registering_twice_with_one_form_makes_one_delegation_and_no_error(client, meeting, focal_point):
    client.force_login(focal_point)
    url = reverse("delegations:register", args=[meeting.slug])
    data = {"kind": "state", "country": "LA", "form_token": form_token(client.get(url))}

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    delegation = Delegation.objects.get(meeting=meeting)
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == delegation.get_absolute_url()
    assert "already has a delegation" not in second.content.decode()


def test_a_new_rendering_of_the_form_adds_the_next_participant(client, delegation, focal_point):
    client.force_login(focal_point)
    url = reverse("delegations:participant_add", args=[delegation.pk])

    for email in ("one@mission.example", "two@mission.example"):
        client.post(url, participant_post(role="adviser", email=email, form_token=form_token(client.get(url))))

    assert Participant.objects.filter(delegation=delegation).count() == 2

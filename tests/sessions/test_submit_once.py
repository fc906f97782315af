"""A double click on the side-event request makes one request and no error."""

from django.urls import reverse

from sessions.models import SideEventRequest
from sessions.slots import slot_value
from tests.form_tokens import form_token


def test_sending_one_side_event_request_twice_makes_one_request(client, focal_point, accredited, meeting):
    client.force_login(focal_point)
    url = reverse("ccm_sessions:side_event_new", args=[meeting.slug, accredited.pk])
    data = {
        "title": "Victim assistance in practice",
        "organisers": "France",
        "expected_attendance": "80",
        "preferred_slots": [slot_value(meeting.start_date, "lunch")],
        "form_token": form_token(client.get(url)),
    }

    client.post(url, data)
    second = client.post(url, data, follow=True)

    assert SideEventRequest.objects.filter(delegation=accredited).count() == 1
    assert second.status_code == 200
    assert "already requested" not in second.content.decode()
    assert "already been saved" in second.content.decode()

"""A malformed target of the open-list form is a form error, never a 500."""

import pytest
from django.urls import reverse

from sessions.models import SpeakersList


@pytest.mark.parametrize("bad", ["²", "-1", "1e3", str(2**64)])
@pytest.mark.parametrize("kind", ["item", "session"])
def test_opening_a_list_of_speakers_on_a_malformed_target_is_a_form_error(client, meeting, secretariat, kind, bad):
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:speakers_open", args=[meeting.slug]), {"target": f"{kind}:{bad}"}, follow=True
    )

    assert response.status_code == 200
    assert "Choose an agenda item or a session" in response.content.decode()
    assert not SpeakersList.objects.exists()

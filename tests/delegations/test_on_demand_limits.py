"""The credentials report PDF and the statistics PDF are drawn while the officer waits:
each user may start only ON_DEMAND_RENDER_LIMIT of them in a window, then gets a 429 page."""

import pytest
from django.urls import reverse

from tests.factories import SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "back"),
    [("delegations:credentials_report_pdf", "delegations:credentials_report"), ("delegations:statistics_pdf", None)],
)
def test_on_demand_staff_pdfs_are_limited_per_user(client, secretariat, meeting, settings, name, back):
    settings.ON_DEMAND_RENDER_LIMIT = (2, 60)
    url = reverse(name, args=[meeting.slug])
    client.force_login(secretariat)

    answers = [client.get(url) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].content.startswith(b"%PDF")
    refused = answers[2]
    assert refused["Retry-After"] == "60"
    assert "Too many PDFs at once" in refused.content.decode()
    if back:
        assert reverse(back, args=[meeting.slug]) in refused.content.decode()
    # Another officer has an allowance of their own.
    client.force_login(SecretariatFactory())
    assert client.get(url).status_code == 200


def test_refused_statistics_pdf_leads_back_to_the_page_with_its_filters(client, secretariat, meeting, settings):
    settings.ON_DEMAND_RENDER_LIMIT = (0, 60)
    client.force_login(secretariat)

    refused = client.get(reverse("delegations:statistics_pdf", args=[meeting.slug]), {"gender": "female", "page": 3})

    assert refused.status_code == 429
    back = reverse("delegations:statistics", args=[meeting.slug]) + "?gender=female"
    assert f'href="{back}"' in refused.content.decode()

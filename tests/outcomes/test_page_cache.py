"""The page of published documents is cached for anonymous visitors; publishing shows at the next request."""

import pytest
from django.test import Client
from django.urls import reverse

from outcomes import services

pytestmark = pytest.mark.django_db


def test_a_published_document_shows_on_the_cached_public_page_at_the_next_request(circulated_plan, secretariat):
    url = reverse("outcomes:published", kwargs={"slug": circulated_plan.meeting.slug})
    visitor = Client()
    services.mark_all_agreed(document=circulated_plan, by=secretariat)
    services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/4")
    assert "CCM/MSP/2010/4" not in visitor.get(url).content.decode()

    services.document_publish(document=circulated_plan, by=secretariat)

    assert "CCM/MSP/2010/4" in visitor.get(url).content.decode()

"""A `next` parameter that is not a path of this site sends the user home, never to a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("junk", ["²", "-1", "a\x00b", "home", "meetings:list"])
def test_verified_secretariat_posting_junk_next_to_the_verify_page_is_sent_home(client, secretariat, junk):
    client.force_login(secretariat)

    response = client.post(reverse("accounts:second_factor_verify"), {"next": junk})

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_path_of_this_site_is_still_followed(client, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("accounts:second_factor_verify"), {"next": reverse("meetings:treaty_status")})

    assert response.url == reverse("meetings:treaty_status")

"""The staff page's check of the stored list PDFs: both fingerprints in one pass, as before."""

import pytest

from delegations import selectors_lists
from delegations.lists import ROW_FIELDS, Variant, fingerprint, fingerprint_header
from delegations.models import Delegation, Participant
from tests.factories import DelegationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_both_list_fingerprints_equal_those_of_each_list_hashed_on_its_own(meeting):
    for country in ("NO", "AT", "LA"):
        delegation = DelegationFactory(meeting=meeting, country=country, status=Delegation.Status.APPROVED)
        for n in range(4):
            ParticipantFactory(delegation=delegation, status=Participant.Status.APPROVED, public_consent=n % 2 == 0)
    ParticipantFactory(delegation=delegation, status=Participant.Status.PENDING)
    settings_row = selectors_lists.lop_settings(meeting)
    rows = sorted(selectors_lists.listed(meeting, public=False).values_list(*ROW_FIELDS, "public_consent"))
    assert len(rows) == 12

    found = selectors_lists.lop_fingerprints(meeting, settings_row)

    assert found[Variant.PUBLIC] == fingerprint(
        fingerprint_header(meeting, settings_row, Variant.PUBLIC), [r[:-1] for r in rows if r[-1]]
    )
    assert found[Variant.COMPLETE] == fingerprint(
        fingerprint_header(meeting, settings_row, Variant.COMPLETE), [r[:-1] for r in rows]
    )
    assert found[Variant.PUBLIC] != found[Variant.COMPLETE]

import datetime as dt

import pytest

from reporting.models import ContactPoint
from reporting.services import contact_point_appoint
from tests.factories import SecretariatFactory, TreatyStatusFactory, UserFactory


@pytest.fixture
def norway(db):
    return TreatyStatusFactory(country="NO", entry_into_force_date=dt.date(2010, 8, 1))


@pytest.fixture
def laos(db):
    return TreatyStatusFactory(country="LA", entry_into_force_date=dt.date(2010, 8, 1))


@pytest.fixture
def staff(db):
    return SecretariatFactory()


@pytest.fixture
def contact(norway, staff) -> ContactPoint:
    """A confirmed contact point of Norway."""
    return contact_point_appoint(state=norway, user=UserFactory(full_name="Norway Reporter"), by=staff)


@pytest.fixture
def other_contact(laos, staff) -> ContactPoint:
    """A confirmed contact point of Lao PDR, for the can-they-see-it tests."""
    return contact_point_appoint(state=laos, user=UserFactory(full_name="Lao Reporter"), by=staff)

import threading

import pytest
from django.db import close_old_connections

from delegations import services
from delegations.models import Delegation
from tests.factories import MeetingFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_focal_points_registering_the_same_state_at_once_make_one_delegation(on_postgres):
    meeting = MeetingFactory()
    users = [UserFactory(full_name="First Delegate"), UserFactory(full_name="Second Delegate")]
    barrier = threading.Barrier(len(users))
    outcomes = []

    def register(user):
        try:
            barrier.wait(timeout=10)
            services.delegation_register(meeting=meeting, user=user, kind="state", country="LA")
            outcomes.append(("registered", user.full_name))
        except services.DelegationExists as exc:
            outcomes.append(("told", str(exc)))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Delegation.objects.filter(meeting=meeting, country="LA").count() == 1
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["registered", "told"]
    winner = next(name for kind, name in outcomes if kind == "registered")
    message = next(text for kind, text in outcomes if kind == "told")
    assert winner in message

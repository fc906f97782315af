import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from ccm_portal.meetings.models import Organisation, normalise_name
from delegations import services
from delegations.models import Delegation
from tests.factories import MeetingFactory, OrganisationFactory, UserFactory


def test_normalised_name_folds_case_width_and_spaces_but_keeps_accents():
    assert normalise_name("  Mines   Action\tCanada ") == "mines action canada"
    assert normalise_name("ＭＩＮＥＳ Action Canada") == "mines action canada"
    assert normalise_name("Straße") == normalise_name("STRASSE")
    assert normalise_name("Médecins du Monde") != normalise_name("Medecins du Monde")


@pytest.mark.django_db
def test_database_refuses_a_second_organisation_under_a_case_variant():
    OrganisationFactory(name="Mines Action Canada")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="MINES  action canada", kind=Organisation.Kind.CIVIL_SOCIETY)


@pytest.mark.django_db
def test_registering_a_spelling_variant_of_a_known_organisation_reuses_it(meeting):
    first = UserFactory()
    services.delegation_register(
        meeting=meeting, user=first, kind="civil_society", organisation_name="Mines Action Canada"
    )
    with pytest.raises(services.DelegationExists) as told:
        services.delegation_register(
            meeting=meeting, user=UserFactory(), kind="civil_society", organisation_name="  mines   ACTION canada "
        )

    assert Organisation.objects.count() == 1
    assert Delegation.objects.filter(meeting=meeting).count() == 1
    assert first.full_name in str(told.value)


@pytest.mark.django_db
def test_a_known_organisation_at_a_new_meeting_gets_its_delegation_without_a_new_organisation():
    organisation = OrganisationFactory(name="Handicap International")
    delegation = services.delegation_register(
        meeting=MeetingFactory(), user=UserFactory(), kind="civil_society", organisation_name="handicap international"
    )
    assert delegation.organisation == organisation
    assert Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_registrations_of_one_new_organisation_make_one_organisation_and_one_delegation(
    on_postgres,
):
    meeting = MeetingFactory()
    spellings = ["Cluster Free Future", "cluster free future", "CLUSTER  FREE FUTURE", " Cluster Free  Future "]
    users = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(len(users))
    outcomes, errors = [], []

    def register(index, user):
        try:
            barrier.wait(timeout=20)
            services.delegation_register(
                meeting=meeting,
                user=user,
                kind="civil_society",
                organisation_name=spellings[index % len(spellings)],
            )
            outcomes.append("registered")
        except services.DelegationExists:
            outcomes.append("told")
        except Exception as exc:  # anything else is what answered 500 before
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=pair) for pair in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(outcomes) == ["registered"] + ["told"] * 19
    assert Organisation.objects.count() == 1
    assert Delegation.objects.filter(meeting=meeting).count() == 1


@pytest.mark.django_db
def test_a_spelling_variant_typed_in_the_admin_is_an_error_on_the_name_not_a_server_error():
    OrganisationFactory(name="Mines Action Canada")
    twin = Organisation(name="mines action CANADA", kind=Organisation.Kind.CIVIL_SOCIETY)

    with pytest.raises(ValidationError) as refused:
        twin.full_clean()

    assert "already registered" in refused.value.message_dict["name"][0]

"""One factory per model; each builds a valid row without surprises."""

import datetime as dt

import factory
from django.utils import timezone
from django_countries import countries

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Category, Meeting, Organisation, TreatyStatus
from delegations.models import Delegation, JoinRequest, Participant


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SecretariatFactory(UserFactory):
    role = User.Role.SECRETARIAT
    full_name = factory.Sequence(lambda n: f"Secretariat Officer {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting whose registration is open now and which starts in a month."""

    class Meta:
        model = Meeting

    kind = Meeting.Kind.MSP
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Meeting of States Parties number {n + 1}")
    short_title = factory.Sequence(lambda n: f"{n + 1}MSP")
    slug = factory.Sequence(lambda n: f"msp-{n + 1}")
    symbol_prefix = factory.Sequence(lambda n: f"CCM/MSP/{2030 + n}")
    city = "Geneva"
    country = "CH"
    venue = "Palais des Nations"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=3))
    time_zone = "Europe/Zurich"
    registration_opens = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    registration_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    official_languages = factory.LazyFunction(lambda: ["en", "fr", "es"])
    presiding_state = "CH"


class FirstMeetingFactory(MeetingFactory):
    """The First Meeting of States Parties (Vientiane, CCM/MSP/2010), as its documents name it."""

    title = "First Meeting of States Parties"
    short_title = "1MSP"
    slug = "first-msp"
    symbol_prefix = "CCM/MSP/2010"
    city = "Vientiane"
    country = "LA"
    time_zone = "Asia/Vientiane"


class TreatyStatusFactory(factory.django.DjangoModelFactory):
    """A state party since 2010."""

    class Meta:
        model = TreatyStatus
        django_get_or_create = ["country"]

    country = "NO"
    signature_date = dt.date(2008, 12, 3)
    ratification_date = dt.date(2008, 12, 3)
    entry_into_force_date = dt.date(2010, 8, 1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Campaign for a World Free of Remnants {n}")
    kind = Organisation.Kind.CIVIL_SOCIETY


class DelegationFactory(factory.django.DjangoModelFactory):
    """A draft state delegation with one focal point."""

    class Meta:
        model = Delegation
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    kind = Delegation.Kind.STATE
    country = factory.Sequence(lambda n: ["FR", "DE", "JP", "MX", "GH", "NZ", "PE", "IE"][n % 8])
    sort_name = factory.LazyAttribute(lambda o: str(dict(countries)[o.country]))
    category = Category.STATE_PARTY
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def focal_points(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.focal_points.add(*(extracted if extracted is not None else [obj.created_by]))


class OrganisationDelegationFactory(DelegationFactory):
    kind = Delegation.Kind.CIVIL_SOCIETY
    country = ""
    organisation = factory.SubFactory(OrganisationFactory)
    sort_name = factory.LazyAttribute(lambda o: o.organisation.name)
    category = Category.RULE_1_3
    invitation = Delegation.Invitation.PROVISIONAL


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    delegation = factory.SubFactory(DelegationFactory)
    title = "Ms."
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    function = "Counsellor, Permanent Mission"
    role = Participant.Role.REPRESENTATIVE
    email = factory.Sequence(lambda n: f"participant{n}@mission.example")
    gender = Participant.Gender.FEMALE
    public_consent = True


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    delegation = factory.SubFactory(DelegationFactory)
    user = factory.SubFactory(UserFactory)

import pytest
from django.test import RequestFactory

from ccm_portal.idempotency.models import FormSubmission
from ccm_portal.idempotency.tokens import AlreadySubmitted, InvalidFormToken, new_token, submit_once
from tests.factories import OrganisationFactory, UserFactory


def _post(user, token):
    request = RequestFactory().post("/", {"form_token": token} if token is not None else {})
    request.user = user
    return request


@pytest.mark.django_db
def test_the_second_call_with_one_token_creates_nothing_and_names_the_first_row():
    user = UserFactory()
    token = new_token(user)

    first = submit_once(_post(user, token), "test", lambda: OrganisationFactory(name="Made once"))
    with pytest.raises(AlreadySubmitted) as again:
        submit_once(_post(user, token), "test", lambda: OrganisationFactory(name="Made twice"))

    assert again.value.object_pk == str(first.pk)
    assert FormSubmission.objects.get().purpose == "test"


@pytest.mark.django_db
def test_a_refused_call_leaves_the_token_free_for_the_corrected_form():
    user = UserFactory()
    token = new_token(user)

    def refuse():
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        submit_once(_post(user, token), "test", refuse)
    made = submit_once(_post(user, token), "test", lambda: OrganisationFactory())

    assert FormSubmission.objects.get().object_pk == str(made.pk)


@pytest.mark.django_db
def test_a_token_issued_to_someone_else_or_altered_is_refused():
    owner, other = UserFactory(), UserFactory()
    token = new_token(owner)

    with pytest.raises(InvalidFormToken):
        submit_once(_post(other, token), "test", lambda: OrganisationFactory())
    with pytest.raises(InvalidFormToken):
        submit_once(_post(owner, token[:-2] + "xx"), "test", lambda: OrganisationFactory())
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db
def test_each_rendering_gets_a_new_token():
    user = UserFactory()
    assert new_token(user) != new_token(user)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_make_one_row(on_postgres):
    import threading

    from django.db import connection

    from ccm_portal.meetings.models import Organisation

    user = UserFactory()
    token = new_token(user)
    barrier = threading.Barrier(2)
    outcomes = []

    def post(name):
        try:
            barrier.wait(timeout=10)
            submit_once(_post(user, token), "test", lambda: OrganisationFactory(name=name))
            outcomes.append("made")
        except AlreadySubmitted:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(name,)) for name in ("First click", "Second click")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already", "made"]
    assert Organisation.objects.count() == 1

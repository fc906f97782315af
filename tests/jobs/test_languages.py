"""Render jobs are made in the requester's language, with one stored copy per language.

The jobs render the list of participants of the `world` meeting, a real render kind.
"""

import pytest
from django.utils import translation

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from delegations import selectors_lists, services_lists
from tests.delegations.factories_lists import run_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def ask(meeting, language: str):
    with translation.override(language):
        return services_lists.request_lop_pdf(meeting=meeting, variant="public")


def test_a_job_keeps_the_language_it_was_asked_in_and_renders_in_it(world):
    job, _how = ask(world["meeting"], "fr")
    run_jobs()
    job.refresh_from_db()

    assert job.params == {"variant": "public", "lang": "fr"}
    assert job.status == RenderJob.Status.DONE, job.error
    with translation.override("fr"):
        assert selectors_lists.current_lop_pdf(world["meeting"], "public") == job
    # The English reader has no copy yet: the French one is not theirs.
    assert selectors_lists.current_lop_pdf(world["meeting"], "public") is None


def test_the_same_data_in_two_languages_makes_two_jobs_and_two_clicks_in_one_share_a_job(world):
    meeting = world["meeting"]
    english, how_english = ask(meeting, "en")
    french, how_french = ask(meeting, "fr")
    french_again, how_again = ask(meeting, "fr")

    assert (how_english, how_french, how_again) == ("queued", "queued", "active")
    assert french_again.pk == french.pk != english.pk
    assert run_jobs() == ["done", "done"]


def test_a_copy_stored_before_jobs_had_a_language_is_the_english_copy(world):
    meeting = world["meeting"]
    english, _how = ask(meeting, "en")
    run_jobs()
    RenderJob.objects.filter(pk=english.pk).update(params={"variant": "public"})

    assert ask(meeting, "en") == (RenderJob.objects.get(pk=english.pk), "stored")
    assert job_services.last_good(meeting=meeting, key=english.key, language="en").pk == english.pk
    assert job_services.last_good(meeting=meeting, key=english.key, language="ru") is None
    _russian, how = ask(meeting, "ru")
    assert how == "queued"


def test_pruning_keeps_each_languages_newest_copies(world):
    meeting = world["meeting"]
    english, _how = ask(meeting, "en")
    run_jobs()
    for language in ["fr", "es", "ru", "ar"]:
        ask(meeting, language)
    run_jobs()

    english.refresh_from_db()
    assert english.file.name
    assert job_services.file_exists(english)

"""The agenda and the programme print the symbol the register gave them."""

import pytest

from ccm_portal.documents import services
from ccm_portal.documents.models import Source
from sessions.models import agenda_symbol
from sessions.renderers import programme_html
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def reserve(meeting, series, source, by, title):
    return services.document_reserve(
        meeting=meeting, series=series, by=by, source=source, category="organization", title=title, author="President"
    )


def test_without_a_registered_document_the_producers_keep_their_usual_symbols():
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2010")

    assert agenda_symbol(meeting) == "CCM/MSP/2010/1"
    assert "CCM/MSP/2010/2" in programme_html(meeting)


def test_the_producers_print_the_symbols_the_register_handed_out(secretariat):
    meeting = MeetingFactory(symbol_prefix="CCM/MSP/2011")
    reserve(meeting, "main", "", secretariat, "Provisional annotated agenda")  # /1, not printed by the portal
    reserve(meeting, "main", Source.AGENDA, secretariat, "Provisional agenda")
    reserve(meeting, "main", Source.PROGRAMME, secretariat, "Programme of work")

    assert agenda_symbol(meeting) == "CCM/MSP/2011/2"
    assert "CCM/MSP/2011/3" in programme_html(meeting)


def test_the_register_holds_one_symbol_per_produced_document(secretariat):
    meeting = MeetingFactory()
    reserve(meeting, "main", Source.AGENDA, secretariat, "Provisional agenda")

    with pytest.raises(services.DocumentError, match="already holds"):
        reserve(meeting, "main", Source.AGENDA, secretariat, "Provisional agenda again")

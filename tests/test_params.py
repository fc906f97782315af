"""One parser for ids typed into query strings and forms."""

import pytest

from ccm_portal.params import MAX_ID, parse_id

BAD_IDS = ["²", "-1", "1e3", str(2**64), "٣", " 7", "1_0", "7\n", "", "0", str(MAX_ID + 1)]


@pytest.mark.parametrize(("raw", "expected"), [("7", 7), ("0042", 42), (str(MAX_ID), MAX_ID), (7, 7)])
def test_parse_id_reads_plain_ascii_ids(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize("raw", [*BAD_IDS, None, True, -3, 2**64])
def test_parse_id_refuses_anything_else(raw):
    assert parse_id(raw) is None


def test_parse_id_reads_zero_when_numbers_start_there():
    assert parse_id("0", minimum=0) == 0
    assert parse_id("-1", minimum=0) is None

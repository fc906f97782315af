"""The states of the portal: those that can become party to the Convention, in one list.

The Convention is open to "all States" (Articles 15 and 16). The Secretary-General, its
depositary, reads that as the General Assembly's practice does: the Members of the United
Nations, the two non-member observer States (the Holy See; the State of Palestine, a State
Party since 2015) and the states that belong to a specialized agency without being UN
Members, the Cook Islands and Niue (both States Parties). That is 197.

ISO 3166 lists 249 entries; the other 52 are territories, dependencies and areas
(Åland Islands, Antarctica, Bouvet Island, Hong Kong, Puerto Rico, Taiwan, Western
Sahara...). Offering them as states would be a diplomatic error, so the settings give this
list to django-countries as COUNTRIES_ONLY: every state picker (ccm_portal.collation's
state_choices), every CountryField's validation, the treaty-status import and the
registration service read it from there. The names stay django-countries' translated
ones, with the UN's short names in COUNTRIES_OVERRIDE. An organisation registers as an
organisation, never as a state.

Plain Python without Django: the settings import it.
"""

# The 193 Members of the United Nations, by ISO 3166-1 alpha-2 code.
_UN_MEMBER_CODES = """
    AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS
    BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO
    DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN
    HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ
    LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU
    MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY
    QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD
    TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA ZM
    ZW
"""
UN_MEMBER_STATES = tuple(_UN_MEMBER_CODES.split())

# Non-member States with a standing invitation as observers: the Holy See, the State of Palestine.
NON_MEMBER_OBSERVER_STATES = ("VA", "PS")

# States Parties that are not Members of the United Nations: the Cook Islands, Niue.
OTHER_STATES = ("CK", "NU")

STATES = UN_MEMBER_STATES + NON_MEMBER_OBSERVER_STATES + OTHER_STATES

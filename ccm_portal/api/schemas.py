"""What the open API answers: one schema per kind of object, versioned with the URL (/api/v1/).

The field lists are the contract: only what the portal's public pages already show is here.
E-mail addresses, telephone numbers, photos, gender, accessibility needs, visa requests,
notes verbales, drafts and the secretariat's remarks have no field, so no endpoint can leak
them by accident. Translated texts carry the English text (or the first language entered)
and `*_translations`, the texts entered per portal language (`ar`, `en`, `es`, `fr`, `ru`,
`zh-hans`). Times are ISO 8601 with the offset of the meeting's time zone.
"""

from datetime import date, datetime

from ninja import Field, Schema


class Coded(Schema):
    """A value from a fixed list: its code (stable) and its English label."""

    code: str
    label: str


class Country(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name: str = Field(description="The UN short name in English.")


class Link(Schema):
    html: str = Field(description="The portal's public page.")
    api: str | None = Field(None, description="The same in this API.")


class MeetingOut(Schema):
    slug: str = Field(description="The meeting's address name, used in every meeting URL of this API.")
    kind: Coded
    number: int | None
    title: str
    title_translations: dict[str, str]
    short_title: str = Field(description="The meeting's code, e.g. 1MSP.")
    symbol_prefix: str = Field(description="Prefix of the meeting's document symbols, e.g. CCM/MSP/2010.")
    city: str
    city_translations: dict[str, str]
    country: Country
    venue: str
    start_date: date
    end_date: date
    time_zone: str = Field(description="IANA time zone; every time of the meeting is given with its offset.")
    official_languages: list[str]
    links: dict[str, str] = Field(description="The meeting's public page and its resources in this API.")


class AgendaOut(Schema):
    status: Coded
    adopted_at: datetime | None
    symbol: str


class MeetingDetailOut(MeetingOut):
    presiding_state: Country | None
    registration_opens: datetime
    registration_deadline: datetime
    agenda: AgendaOut | None


class AgendaItemOut(Schema):
    number: str = Field(description='Computed from the positions: "5", "5(a)".')
    parent: str | None = Field(description="The number of the item a sub-item belongs to.")
    title: str
    title_translations: dict[str, str]
    annotation: str
    annotation_translations: dict[str, str]
    thematic_area: Coded | None
    coordinator: Country | None = Field(description="The Friend of the President coordinating the area.")
    added_after_adoption: bool


class RoomOut(Schema):
    id: int
    name: str
    name_translations: dict[str, str]
    location: str
    location_translations: dict[str, str]
    capacity: int


class SessionOut(Schema):
    id: int
    kind: Coded
    title: str
    title_translations: dict[str, str]
    starts_at: datetime
    ends_at: datetime
    room: RoomOut
    agenda_items: list[str] = Field(description="Numbers of the agenda items the session takes up.")
    thematic_area: Coded | None
    chair: str
    coordinator: Country | None
    organisers: str
    description: str
    description_translations: dict[str, str]
    url: str


class LanguageVersionOut(Schema):
    language: str = Field(description="ar, en, es, fr, ru or zh (the UN's six).")
    original: bool
    issued_on: date | None
    pdf: str


class OutcomeParagraphOut(Schema):
    uid: str
    kind: str = Field(description="preambular, operative, lead_in, action or unnumbered.")
    label: str = Field(description='As printed: "12.", "Action #3", or empty.')
    number: int | None = Field(description="Paragraph number, through the whole document.")
    action: int | None = Field(description="Action number, through the whole document.")
    text: str = Field(description="The adopted text with the portal's light markup.")
    html: str = Field(description="The same, as sanitised HTML.")


class OutcomeSectionOut(Schema):
    uid: str
    roman: str
    heading: str
    paragraphs: list[OutcomeParagraphOut]


class OutcomeOut(Schema):
    id: int
    symbol: str
    title: str
    kind: Coded
    agenda_item: str = Field(
        description="The agenda item as the document's header prints it: 'Item 10(a): title' with the "
        "item's current number and title, or the document's own text when no item is linked."
    )
    agenda_item_number: str | None = Field(
        description="The linked agenda item's current number; null when no item of the agenda is linked."
    )
    distribution: Coded
    original_language: str
    adopted_at: datetime | None
    published_at: datetime | None
    languages: list[LanguageVersionOut]
    url: str
    api: str


class OutcomeDetailOut(OutcomeOut):
    sections: list[OutcomeSectionOut]


class DocumentFileOut(Schema):
    language: str = Field(description="ar, en, es, fr, ru or zh (the UN's six).")
    pdf: str
    size: int = Field(description="Bytes.")


class AgendaItemRef(Schema):
    number: str
    title: str


class DocumentOut(Schema):
    symbol: str
    series: Coded
    number: int
    parent: str | None = Field(description="The symbol of the document this one revises, adds to, corrects or amends.")
    relation: Coded | None = Field(description="Rev, Add, Corr or Amend: how it relates to `parent`.")
    title: str
    title_translations: dict[str, str]
    category: Coded
    author: str
    author_states: list[Country]
    agenda_item: AgendaItemRef | None
    distribution: Coded
    original_language: str
    issued_on: date
    languages: list[DocumentFileOut] = Field(description="The languages it is issued in, in the UN's order.")
    url: str


class DelegationOut(Schema):
    name: str
    kind: Coded
    category: Coded
    country: Country | None


class ParticipantOut(Schema):
    name: str = Field(description='As the list prints it: "Ms. Maria GARCÍA LÓPEZ".')
    title: str
    given_name: str
    family_name: str
    function: str
    role: Coded
    delegation: DelegationOut


class TreatyStatusOut(Schema):
    country: Country
    status: Coded = Field(description="Today: state_party (1), signatory (2) or not a party (3).")
    signature_date: date | None
    instrument: Coded
    ratification_date: date | None = Field(description="Of ratification or accession.")
    entry_into_force_date: date | None
    is_demo: bool = Field(description="A row invented for the demonstration, not taken from the depositary.")


class TransparencyReportOut(Schema):
    country: Country
    kind: Coded = Field(description="initial (within 180 days of entry into force) or annual (an update by 30 April).")
    period_from: date
    period_to: date
    year: int = Field(description="The calendar year whose figures the report gives.")
    language: str = Field(description="The language the state submitted it in.")
    submitted_on: date | None
    received_on: date | None = Field(description="The date the secretariat acknowledged receipt.")
    published: bool = Field(
        description="Published with the forms the state made public; else only its receipt is public."
    )
    page: str | None = Field(description="The portal's public page of a published report.")
    pdf: str | None = Field(description="Its PDF, without the forms the state kept private.")


class TransparencyFiguresOut(Schema):
    year: int
    reports: int = Field(description="Published reports whose figures are for this year.")
    states: int
    cluster_munitions_destroyed: int
    submunitions_destroyed: int
    area_cleared_m2: int
    area_released_m2: int
    victims: int = Field(description="Victims reported in the year (form H, where made public).")


class ErrorOut(Schema):
    detail: str | list

"""Plain data passed between the pipeline's stages. No behaviour beyond small derived values."""

from __future__ import annotations

from dataclasses import dataclass, field

STAGES = ("签约", "开工", "在建", "竣工", "投产", "达产")


@dataclass(frozen=True)
class Document:
    """One unit read from an input: the text of a file, or one JSON Lines record."""

    source: str  # the path as given, or the record's id (else url)
    text: str
    kind: str = "issue"  # "issue": may hold several articles (.txt .md .pdf .docx); "page"/"record": one
    title: str | None = None
    date: str | None = None  # the record's own date, when it has one
    url: str | None = None
    path: str | None = None  # the file it came from (dating by file name)


@dataclass(frozen=True)
class Amount:
    """A number stated in the text, parsed, with its raw text and where it stands."""

    value: int  # integer of the unit: yuan (or the stated currency), people, ...
    kind: str  # "money" | "people"
    text: str  # the raw text, e.g. "15个亿"
    start: int
    end: int
    currency: str | None = None  # "CNY", "USD", "HKD", "EUR" for money
    qualifier: str = "exact"  # exact | about | over | under | at_least | at_most | range
    upper: int | None = None  # the upper end of a range


@dataclass
class Article:
    """One news article: its own stored text, which all offsets point into."""

    article_id: str
    source: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO, possibly partial: "2022-03-25", "2022-03", "2022"
    date_origin: str | None = None  # record | masthead | dateline | text | url | filename | cli
    url: str | None = None
    position: int = 0  # its order within the source


@dataclass
class Mention:
    """One project as one article states it, with the evidence sentence and its offsets."""

    article_id: str
    name: str
    sentence: str
    start: int
    end: int
    name_start: int
    name_end: int
    company: str | None = None
    park: str | None = None
    park_origin: str | None = None  # name | sentence | article: where the park came from
    investment_yuan: int | None = None
    investment_currency: str | None = None
    investment_text: str | None = None
    investment_qualifier: str | None = None
    output_yuan: int | None = None
    output_text: str | None = None
    jobs: int | None = None
    jobs_text: str | None = None
    status: str | None = None
    is_plan: bool = False
    phase: str | None = None
    aliases: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)  # each figure/stage with its own span
    project_id: str | None = None
    # The whole this project is stated as a part of (`…产业城总投资175亿元，其中科技创意城项目总投资100亿元`):
    # the whole's name as this article writes it; resolution links it to the whole's project
    part_of: str | None = None
    # Where the project is, on the map of China's administration (names and the most specific code)
    province: str | None = None
    city: str | None = None
    county: str | None = None
    adcode: str | None = None


@dataclass
class Aggregate:
    """A figure over many projects (`12个项目，总投资56亿元`): never attached to a project."""

    article_id: str
    sentence: str
    start: int
    end: int
    scope: str | None = None
    projects: int | None = None
    investment_yuan: int | None = None
    investment_currency: str | None = None
    output_yuan: int | None = None
    label: str | None = None

"""The workbook layout: every sheet, every column and what it maps to, in one place.

The template, the importer and the exporter all read this module; nothing else knows
which column holds which property. A column maps one property of the contract vocabulary
(DESIGN §2 plus the extra terms of DEVELOPING.md) to a cell; the ``kind`` says how the
cell is read and written:

``id``       the resource's id (made into an IRI with ``--base``; see :mod:`.iris`)
``classes``  ``rdf:type``: contract class names/labels, or IRIs / prefixed names; ``;``-separated
``lang``     a language-tagged string (``lang`` says which tag)
``string``   a plain string (xsd:string)
``date``     xsd:date; ``decimal`` xsd:decimal; ``posint`` xsd:positiveInteger; ``gyear`` xsd:gYear
``refs``     links to other resources: ids or IRIs, ``;``-separated
``status``   one concept of ``kkt:StatusScheme``

Whatever a sheet's columns cannot hold exactly (a second Danish label, a budget typed
as xsd:integer, a property kktrace does not know) goes to the "Øvrige" sheet as one row
per triple, so export → import loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kktrace.model.namespaces import KKT, ORG, RDF, RDFS, SKOS, XSD
from kktrace.model.vocab import vocabulary


@dataclass(frozen=True)
class Column:
    """One column: its key, headers and help in da/en, the property and how cells are read."""

    key: str
    header_da: str
    header_en: str
    prop: str
    kind: str
    help_da: str
    help_en: str
    lang: str | None = None
    required: bool = False

    def header(self, lang: str) -> str:
        return self.header_da if lang == "da" else self.header_en

    def help(self, lang: str) -> str:
        return self.help_da if lang == "da" else self.help_en

    @property
    def multi(self) -> bool:
        return self.kind in ("refs", "classes")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its names, the contract classes it holds and its columns, in order."""

    key: str
    name_da: str
    name_en: str
    classes: tuple[str, ...]
    columns: tuple[Column, ...]
    help_da: str
    help_en: str

    def name(self, lang: str) -> str:
        return self.name_da if lang == "da" else self.name_en

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"
DATATYPES = {
    "string": XSD_STRING,
    "date": XSD + "date",
    "decimal": XSD + "decimal",
    "posint": XSD + "positiveInteger",
    "gyear": XSD + "gYear",
}


def _c(key, da, en, prop, kind, help_da, help_en, lang=None, required=False) -> Column:
    return Column(key, da, en, prop, kind, help_da, help_en, lang, required)


# -- the columns ---------------------------------------------------------------------------
ID = _c(
    "id",
    "Id",
    "Id",
    "",
    "id",
    "Entydigt id, fx 'BUF-2015-I01'. Påkrævet; må kun bruges én gang i hele projektmappen. Andre rækker henviser til rækken med dette id.",
    "Unique id, e.g. 'BUF-2015-I01'. Required; used once in the whole workbook. Other rows refer to the row by this id.",
    required=True,
)
CLASS = _c(
    "class",
    "Klasse",
    "Class",
    RDF + "type",
    "classes",
    "Hvad rækken er: vælg i listen. Flere adskilles med ';'. Påkrævet.",
    "What the row is: pick from the list. Separate several with ';'. Required.",
    required=True,
)
LABEL_DA = _c(
    "label_da",
    "Navn (da)",
    "Label (da)",
    RDFS + "label",
    "lang",
    "Navnet på dansk.",
    "The name in Danish.",
    lang="da",
)
LABEL_EN = _c(
    "label_en",
    "Navn (en)",
    "Label (en)",
    RDFS + "label",
    "lang",
    "Navnet på engelsk.",
    "The name in English.",
    lang="en",
)
NOTATION = _c(
    "notation",
    "Kode",
    "Code",
    SKOS + "notation",
    "string",
    "Kort kode, som rapporten viser, fx forvaltningskoden 'BUF' eller 'FHP-2013-M01'. Andre rækker kan henvise med koden i stedet for id'et.",
    "Short code as the report shows it, e.g. the administration code 'BUF' or 'FHP-2013-M01'. Other rows may refer by the code instead of the id.",
)
COMMENT_DA = _c(
    "comment_da",
    "Beskrivelse (da)",
    "Description (da)",
    RDFS + "comment",
    "lang",
    "Beskrivelse på dansk.",
    "Description in Danish.",
    lang="da",
)
COMMENT_EN = _c(
    "comment_en",
    "Beskrivelse (en)",
    "Description (en)",
    RDFS + "comment",
    "lang",
    "Beskrivelse på engelsk.",
    "Description in English.",
    lang="en",
)
PART_OF = _c(
    "partOf",
    "Del af",
    "Part of",
    KKT + "partOf",
    "refs",
    "Id på det, rækken er en del af: planen (for mål og initiativer), strategien (for indsatsområder), indsatsområdet (for strategiske mål), statusrapporten (for statusposter).",
    "Id of what the row is part of: the plan (goals, initiatives), the strategy (focus areas), the focus area (strategic goals), the status report (status entries).",
)
SUPPORTS = _c(
    "supports",
    "Bidrager til",
    "Supports",
    KKT + "supports",
    "refs",
    "Id'er eller koder på det, rækken bidrager til opad (fælles plan, fælles mål, initiativ, strategisk mål), adskilt med ';'. Det må gerne stå i projektets data i stedet for i projektmappen, fx FHP-2013-M01.",
    "Ids or codes of what the row contributes to, upward (common plan, common goal, initiative, strategic goal), separated by ';'. It may be in the project's data rather than the workbook, e.g. FHP-2013-M01.",
)
OWNER = _c(
    "owner",
    "Ejer",
    "Owner",
    KKT + "owner",
    "refs",
    "Id på den enhed, der ejer planen (forvaltningen for en lokal plan, it-chefforum for en fælles plan).",
    "Id of the unit owning the plan (the administration for a local plan, the IT chiefs' forum for a common plan).",
)
RESPONSIBLE = _c(
    "responsible",
    "Ansvarlig",
    "Responsible",
    KKT + "responsible",
    "refs",
    "Id på den enhed, der er ansvarlig for initiativet (ansvarsplacering).",
    "Id of the unit responsible for the initiative.",
)
UNIT_OF = _c(
    "unitOf",
    "Enhed under",
    "Unit of",
    ORG + "unitOf",
    "refs",
    "Id på kommunen, enheden hører under.",
    "Id of the municipality the unit belongs to.",
)
BUSINESS_CASE = _c(
    "businessCase",
    "Business case",
    "Business case",
    KKT + "businessCase",
    "refs",
    "Id på initiativets business case (arket Beslutninger).",
    "Id of the initiative's business case (sheet Decisions).",
)
FUNDING = _c(
    "funding",
    "Finansiering",
    "Funding",
    KKT + "funding",
    "refs",
    "Id på aftalen om finansiering (arket Beslutninger).",
    "Id of the funding agreement (sheet Decisions).",
)
PRIORITY = _c(
    "priority",
    "Prioritet",
    "Priority",
    KKT + "priority",
    "posint",
    "Prioritet i planen: et helt tal ≥ 1, 1 = højest.",
    "Rank within the plan: a whole number ≥ 1, 1 = highest.",
)
STATUS = _c(
    "status",
    "Status",
    "Status",
    KKT + "status",
    "status",
    "Vælg i listen: foreslået, godkendt, i gang, gennemført, annulleret, udskudt.",
    "Pick from the list: proposed, approved, in progress, completed, cancelled, postponed.",
)
START = _c(
    "startDate",
    "Start",
    "Start",
    KKT + "startDate",
    "date",
    "Startdato: ÅÅÅÅ-MM-DD, en Excel-dato eller DD-MM-ÅÅÅÅ / DD.MM.ÅÅÅÅ.",
    "Start date: YYYY-MM-DD, an Excel date, or DD-MM-YYYY / DD.MM.YYYY.",
)
END = _c(
    "endDate",
    "Slut",
    "End",
    KKT + "endDate",
    "date",
    "Slutdato, skrevet som startdatoen.",
    "End date, written like the start date.",
)
BUDGET = _c(
    "budget",
    "Budget (kr.)",
    "Budget (DKK)",
    KKT + "budget",
    "decimal",
    "Budget i kroner: et tal, fx 1500000, 12,5 eller 1.234.567,50 (dansk decimalkomma).",
    "Budget in DKK: a number, e.g. 1500000, 12.5 or Danish 1.234.567,50.",
)
CATALOGUE = _c(
    "investmentCatalogueRef",
    "Investeringskatalog",
    "Investment catalogue ref.",
    KKT + "investmentCatalogueRef",
    "string",
    "Henvisning til investeringskataloget (fri tekst).",
    "Reference to the investment catalogue (free text).",
)
CONTINUES = _c(
    "continues",
    "Viderefører",
    "Continues",
    KKT + "continues",
    "refs",
    "Id på initiativet i en tidligere plan, som dette initiativ fører videre.",
    "Id of the initiative of an earlier plan that this one carries on.",
)
SUCCESSOR_OF = _c(
    "successorOf",
    "Afløser",
    "Successor of",
    KKT + "successorOf",
    "refs",
    "Id på den plan, denne plan afløser.",
    "Id of the plan this plan follows.",
)
DECISION = _c(
    "decision",
    "Beslutning",
    "Decision",
    KKT + "decision",
    "refs",
    "Id på den politiske beslutning, der vedtog planen (arket Beslutninger).",
    "Id of the political decision that adopted the plan (sheet Decisions).",
)
VISION_DA = _c(
    "vision_da",
    "Vision (da)",
    "Vision (da)",
    KKT + "vision",
    "lang",
    "Strategiens vision på dansk.",
    "The strategy's vision in Danish.",
    lang="da",
)
VISION_EN = _c(
    "vision_en",
    "Vision (en)",
    "Vision (en)",
    KKT + "vision",
    "lang",
    "Strategiens vision på engelsk.",
    "The strategy's vision in English.",
    lang="en",
)
DATE = _c(
    "date",
    "Dato",
    "Date",
    KKT + "date",
    "date",
    "Dato for beslutningen eller rapporten, skrevet som startdatoen.",
    "Date of the decision or report, written like the start date.",
)
DECIDED_BY = _c(
    "decidedBy",
    "Besluttet af",
    "Decided by",
    KKT + "decidedBy",
    "refs",
    "Id på udvalget, der traf beslutningen.",
    "Id of the committee that decided.",
)
ABOUT = _c(
    "about",
    "Om initiativ",
    "About",
    KKT + "about",
    "refs",
    "Id på initiativet, statusposten handler om.",
    "Id of the initiative the entry is about.",
)
YEAR = _c(
    "year",
    "År",
    "Year",
    KKT + "year",
    "gyear",
    "Året, status gælder for, fx 2011.",
    "The year the status is for, e.g. 2011.",
)
REPORTED_TO = _c(
    "reportedTo",
    "Rapporteret til",
    "Reported to",
    KKT + "reportedTo",
    "refs",
    "Id på udvalget, rapporten går til.",
    "Id of the committee the report goes to.",
)

_COMMON_HEAD = (ID, CLASS, LABEL_DA, LABEL_EN, NOTATION)
_COMMON_TAIL = (COMMENT_DA, COMMENT_EN)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "organisation",
        "Organisation",
        "Organisation",
        ("Municipality", "Administration", "Forum", "Committee"),
        (*_COMMON_HEAD, UNIT_OF, *_COMMON_TAIL),
        "Kommunen, forvaltningerne, it-chefforum og udvalg.",
        "The municipality, administrations, IT chiefs' forum and committees.",
    ),
    Sheet(
        "strategy",
        "Strategi",
        "Strategy",
        ("ITStrategy", "FocusArea", "StrategicGoal"),
        (*_COMMON_HEAD, PART_OF, SUPPORTS, VISION_DA, VISION_EN, START, END, *_COMMON_TAIL),
        "It-strategien, dens indsatsområder og strategiske mål.",
        "The IT strategy, its focus areas and strategic goals.",
    ),
    Sheet(
        "plans",
        "Planer",
        "Plans",
        ("CommonActionPlan", "TransitionActionPlan", "LocalActionPlan", "ActionPlan"),
        (
            *_COMMON_HEAD,
            OWNER,
            SUPPORTS,
            SUCCESSOR_OF,
            DECISION,
            START,
            END,
            BUDGET,
            CATALOGUE,
            *_COMMON_TAIL,
        ),
        "Fælles handlingsplaner, overgangsplanen og forvaltningernes lokale handlingsplaner.",
        "Common action plans, the transition plan and the administrations' local plans.",
    ),
    Sheet(
        "goals",
        "Mål",
        "Goals",
        ("CommonGoal", "LocalGoal", "Goal"),
        (*_COMMON_HEAD, PART_OF, SUPPORTS, START, END, *_COMMON_TAIL),
        "Handlingsplanernes mål (fælles og lokale).",
        "The goals of the action plans (common and local).",
    ),
    Sheet(
        "initiatives",
        "Initiativer",
        "Initiatives",
        ("CommonInitiative", "LocalInitiative", "Initiative"),
        (
            *_COMMON_HEAD,
            PART_OF,
            SUPPORTS,
            RESPONSIBLE,
            BUSINESS_CASE,
            FUNDING,
            PRIORITY,
            STATUS,
            START,
            END,
            BUDGET,
            CATALOGUE,
            CONTINUES,
            *_COMMON_TAIL,
        ),
        "Handlingsplanernes initiativer (fælles og lokale).",
        "The initiatives of the action plans (common and local).",
    ),
    Sheet(
        "decisions",
        "Beslutninger",
        "Decisions",
        ("Decision", "BusinessCase", "FundingAgreement"),
        (*_COMMON_HEAD, DATE, DECIDED_BY, BUDGET, *_COMMON_TAIL),
        "Politiske beslutninger, business cases og finansieringsaftaler.",
        "Political decisions, business cases and funding agreements.",
    ),
    Sheet(
        "status",
        "Status",
        "Status",
        ("StatusReport", "StatusEntry"),
        (*_COMMON_HEAD, PART_OF, ABOUT, YEAR, STATUS, REPORTED_TO, DATE, *_COMMON_TAIL),
        "Årlige statusrapporter og deres statusposter (én pr. initiativ og år).",
        "Annual status reports and their entries (one per initiative and year).",
    ),
)

# -- the sheet of everything else ------------------------------------------------------------
SUBJECT = _c(
    "subject",
    "Subjekt",
    "Subject",
    "",
    "id",
    "Id på det, oplysningen handler om.",
    "Id of what the fact is about.",
    required=True,
)
PREDICATE = _c(
    "predicate",
    "Prædikat",
    "Predicate",
    "",
    "predicate",
    "Egenskaben, fx dcterms:source (kilde) eller en fuld webadresse.",
    "The property, e.g. dcterms:source (source) or a full web address.",
    required=True,
)
OBJECT = _c(
    "object",
    "Objekt",
    "Object",
    "",
    "object",
    "Værdien: tekst, eller et id når Type er 'id'.",
    "The value: text, or an id when Type is 'id'.",
    required=True,
)
OBJECT_TYPE = _c(
    "type",
    "Type",
    "Type",
    "",
    "objtype",
    "'id' (værdien er et id), '@da'/'@en' (tekst på et sprog), tom (tekst) eller en datatype (fx xsd:date).",
    "'id' (the value is an id), '@da'/'@en' (text in a language), empty (text) or a datatype (e.g. xsd:date).",
)
OTHER = Sheet(
    "other",
    "Øvrige",
    "Other",
    (),
    (SUBJECT, PREDICATE, OBJECT, OBJECT_TYPE),
    "Alle andre oplysninger, én pr. række: det, de andre ark ikke har en kolonne til.",
    "Every other fact, one per row: what the other sheets have no column for.",
)

README_NAMES = ("LÆSMIG", "README")
LISTS_NAMES = ("_lister", "_lists")
ALL_SHEETS: tuple[Sheet, ...] = (*SHEETS, OTHER)

#: The status concepts, in the order of the drop-down (``kkt:StatusOrder``).
STATUSES: tuple[str, ...] = vocabulary().statuses
#: local name: (notation, da label, en label), read from the ontology.
STATUS_LABELS: dict[str, tuple[str, str, str]] = {
    s: (
        vocabulary().status_notations[s],
        vocabulary().status_label(s, "da"),
        vocabulary().status_label(s, "en"),
    )
    for s in STATUSES
}

#: Contract classes: local name → (da label, en label), read from the ontology.
CLASS_LABELS: dict[str, tuple[str, str]] = {
    c: (vocabulary().class_label(c, "da"), vocabulary().class_label(c, "en"))
    for c in vocabulary().class_labels
}


def class_label(name: str, lang: str) -> str:
    da, en = CLASS_LABELS[name]
    return da if lang == "da" else en


def status_label(name: str, lang: str) -> str:
    _, da, en = STATUS_LABELS[name]
    return da if lang == "da" else en


def sheet_for_class(name: str) -> Sheet | None:
    """The sheet holding instances of a contract class (by local name)."""
    return next((s for s in SHEETS if name in s.classes), None)


#: The columns of a CSV file: every column of every contract sheet, once, in sheet order.
def csv_sheet(name: str) -> Sheet:
    """A virtual sheet for CSV files: every column of every sheet, any contract class."""
    seen: dict[str, Column] = {}
    for sheet in SHEETS:
        for col in sheet.columns:
            seen.setdefault(col.key, col)
    classes = tuple(c for s in SHEETS for c in s.classes)
    return Sheet(
        "csv", name, name, classes, tuple(seen.values()), "Én plan som CSV.", "One plan as CSV."
    )


#: One example row per sheet (column key → value), written in row 2 of the template. Its
#: id starts with ``#``: rows whose id starts with ``#`` are skipped on import, so the
#: example may stay. A local plan of BUF for 2015–2016, as a plan owner would write it.
EXAMPLES: dict[str, dict[str, str]] = {
    "organisation": {
        "id": "#BUF",
        "class": "forvaltning",
        "label_da": "Børne- og Ungdomsforvaltningen",
        "notation": "BUF",
        "unitOf": "KK",
    },
    "strategy": {
        "id": "#SM5.1",
        "class": "strategisk mål",
        "label_da": "Eksempel: et strategisk mål (findes i forvejen i data)",
        "partOf": "FA5",
    },
    "plans": {
        "id": "#BUF-2015-2016",
        "class": "lokal handlingsplan",
        "label_da": "Børne- og Ungdomsforvaltningens it-handlingsplan 2015–2016",
        "owner": "BUF",
        "supports": "FHP-2013-2014",
        "successorOf": "BUF-2013-2014",
        "startDate": "2015-01-01",
        "endDate": "2016-12-31",
    },
    "goals": {
        "id": "#BUF-2015-M01",
        "class": "lokalt mål",
        "label_da": "Digital kommunikation med forældre",
        "partOf": "BUF-2015-2016",
        "supports": "FHP-2013-M01",
    },
    "initiatives": {
        "id": "#BUF-2015-I01",
        "class": "lokalt initiativ",
        "label_da": "Fælles forældreportal",
        "partOf": "BUF-2015-2016",
        "supports": "BUF-2015-M01",
        "responsible": "BUF",
        "priority": "1",
        "status": "godkendt",
        "startDate": "2015-01-01",
        "endDate": "2016-06-30",
        "budget": "3,2 mio.",
    },
    "decisions": {
        "id": "#BUF-2015-BC01",
        "class": "business case",
        "label_da": "Business case for forældreportalen",
        "date": "2014-11-15",
    },
    "status": {
        "id": "#STATUS-2015-BUF-I01",
        "class": "statuspost",
        "partOf": "STATUS-2015",
        "about": "BUF-2015-I01",
        "year": "2015",
        "status": "i gang",
    },
    "other": {
        "subject": "#BUF-2015-I01",
        "predicate": "dcterms:source",
        "object": "https://www.kk.dk/…",
    },
}
EXAMPLE_IDS = frozenset(
    value for row in EXAMPLES.values() for key, value in row.items() if key in ("id", "subject")
)

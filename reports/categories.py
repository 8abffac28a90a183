"""The one category taxonomy for reports (avvikelser).

Every report, feed import and picture query names its category by a stable snake_case
English code from this module. The codes are stored in the database and sent by phones
that may be offline for days, so a code is never renamed or reused: add new codes, and
retire old ones only with a data migration. Labels may change freely.

Each category belongs to one group (used for recurrence and for the grouped picker) and
has a default level in the three-level model that Swedish housing companies use
(förebyggande arbete / störningar / akut, allvarlig händelse). The level is only a
default: the reporter may raise or lower it for a single report.

Plain Python on purpose, so that intake, feeds, analysis and tests can import it without
Django.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


def _in_english() -> bool:
    """Whether the active language is English; Swedish (the default) otherwise.

    Imported here, not at the top, so that the module stays importable without Django.
    """
    from tryggve.i18n import in_english

    return in_english()


class Level(enum.StrEnum):
    """The three levels of safety work: base work, ongoing disturbances, acute incidents."""

    PREVENTIVE = "preventive"
    DISTURBANCE = "disturbance"
    ACUTE = "acute"

    @property
    def label_sv(self) -> str:
        return LEVEL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return LEVEL_LABELS[self][1]

    @property
    def label(self) -> str:
        """The label in the active language: English if chosen, else Swedish."""
        return self.label_en if _in_english() else self.label_sv


LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.PREVENTIVE: ("Förebyggande", "Preventive"),
    Level.DISTURBANCE: ("Störning", "Disturbance"),
    Level.ACUTE: ("Akut", "Acute"),
}


class Group(enum.StrEnum):
    """Category groups; the declaration order is the order of the grouped picker."""

    SOCIAL_DISORDER = "social_disorder"
    PHYSICAL_DISORDER = "physical_disorder"
    PROPERTY_CRIME = "property_crime"
    VIOLENCE = "violence"
    FIRE = "fire"
    DRUGS = "drugs"
    OTHER = "other"

    @property
    def label_sv(self) -> str:
        return GROUP_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return GROUP_LABELS[self][1]

    @property
    def label(self) -> str:
        """The label in the active language: English if chosen, else Swedish."""
        return self.label_en if _in_english() else self.label_sv


GROUP_LABELS: dict[Group, tuple[str, str]] = {
    Group.SOCIAL_DISORDER: ("Ordningsstörningar", "Social disorder"),
    Group.PHYSICAL_DISORDER: ("Fysisk miljö och skadegörelse", "Physical disorder"),
    Group.PROPERTY_CRIME: ("Inbrott och stöld", "Property crime"),
    Group.VIOLENCE: ("Våld, hot och vapen", "Violence and weapons"),
    Group.FIRE: ("Brand och explosioner", "Fire and explosions"),
    Group.DRUGS: ("Narkotika", "Drugs"),
    Group.OTHER: ("Övrigt", "Other"),
}


@dataclass(frozen=True)
class Category:
    """One kind of observed deviation; describes a phenomenon at a place, never a person."""

    code: str
    label_sv: str
    label_en: str
    group: Group
    default_level: Level
    # Extra Swedish search words for the searchable picker (synonyms, colloquial words).
    keywords_sv: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The label in the active language: English if chosen, else Swedish."""
        return self.label_en if _in_english() else self.label_sv


_P, _D, _A = Level.PREVENTIVE, Level.DISTURBANCE, Level.ACUTE

# The taxonomy as written by hand; CATEGORIES below is the sorted, checked view of it.
# One category per line-pair reads as a table; the formatter would spread each over 8 lines.
# fmt: off
_DEFINITIONS: tuple[Category, ...] = (
    # --- Social disorder -------------------------------------------------------------
    Category("youth_gathering", "Ungdomsgäng/ungdomssamling", "Youth gathering",
             Group.SOCIAL_DISORDER, _D, ("ungdomar", "gäng", "samling", "hänger", "grupp")),
    Category("loitering_stairwell", "Uppehåll i trapphus", "Loitering in stairwell",
             Group.SOCIAL_DISORDER, _D, ("trappuppgång", "trappa", "entré", "hänger", "sover")),
    Category("unauthorised_in_basement", "Obehöriga i källare/förråd/vind",
             "Unauthorised persons in basement/storage/attic", Group.SOCIAL_DISORDER, _D,
             ("källare", "förråd", "vind", "vindsförråd", "garage", "övernattning")),
    Category("noise", "Störande ljud", "Noise", Group.SOCIAL_DISORDER, _D,
             ("oväsen", "musik", "fest", "bråk", "skrik", "störning")),
    Category("moped_traffic_misuse", "Mopedåkning/olovlig trafik",
             "Moped riding/unlawful traffic", Group.SOCIAL_DISORDER, _D,
             ("moped", "fyrhjuling", "crossåkning", "motorcykel", "gångväg", "cykelbana")),
    Category("reckless_driving", "Fortkörning/vårdslös bilkörning",
             "Speeding/reckless driving", Group.SOCIAL_DISORDER, _D,
             ("fortkörning", "racing", "bil", "trafik", "hastighet")),
    Category("public_drinking", "Drickande/berusning utomhus",
             "Public drinking/intoxication", Group.SOCIAL_DISORDER, _D,
             ("alkohol", "fylla", "berusad", "öl", "sprit")),
    # --- Physical disorder -----------------------------------------------------------
    Category("vandalism", "Skadegörelse", "Vandalism", Group.PHYSICAL_DISORDER, _D,
             ("vandalisering", "krossad ruta", "sönder", "förstört", "sabotage")),
    Category("graffiti", "Klotter", "Graffiti", Group.PHYSICAL_DISORDER, _P,
             ("tagg", "tags", "sprayfärg", "klottersanering")),
    Category("littering", "Nedskräpning", "Littering", Group.PHYSICAL_DISORDER, _P,
             ("skräp", "sopor", "fimpar", "städning")),
    Category("bulky_waste", "Grovsopor på fel plats", "Bulky waste dumped",
             Group.PHYSICAL_DISORDER, _P,
             ("grovavfall", "möbler", "dumpning", "soprum", "avfall")),
    Category("broken_lighting", "Trasig belysning", "Broken lighting",
             Group.PHYSICAL_DISORDER, _P,
             ("lampa", "lyktstolpe", "mörkt", "armatur", "belysning")),
    Category("broken_door_or_lock", "Trasig entrédörr eller lås", "Broken entrance door or lock",
             Group.PHYSICAL_DISORDER, _P,
             ("port", "dörr", "lås", "passagesystem", "porttelefon", "dörrstängare")),
    Category("door_propped_open", "Uppställd port eller dörr", "Door propped open",
             Group.PHYSICAL_DISORDER, _P, ("port", "källardörr", "uppställd", "olåst")),
    Category("overgrown_vegetation", "Skymmande buskage/växtlighet", "Overgrown vegetation",
             Group.PHYSICAL_DISORDER, _P, ("buskar", "träd", "beskärning", "insyn", "mörkt")),
    Category("abandoned_vehicle", "Övergivet fordon", "Abandoned vehicle",
             Group.PHYSICAL_DISORDER, _P, ("bil", "bilvrak", "skrotbil", "cykel", "parkering")),
    Category("unsafe_place", "Otrygg plats", "Place that feels unsafe",
             Group.PHYSICAL_DISORDER, _P, ("otrygg", "trygghetsvandring", "mörk", "ödslig")),
    # --- Property crime --------------------------------------------------------------
    Category("burglary_apartment", "Inbrott i lägenhet", "Burglary in apartment",
             Group.PROPERTY_CRIME, _D, ("bostadsinbrott", "lägenhetsdörr", "brytmärken")),
    Category("burglary_storage", "Inbrott i förråd", "Burglary in storage unit",
             Group.PROPERTY_CRIME, _D,
             ("källarförråd", "vindsförråd", "lägenhetsförråd", "förrådsinbrott")),
    Category("burglary_basement", "Inbrott i källarutrymme", "Burglary in basement common room",
             Group.PROPERTY_CRIME, _D,
             ("källare", "cykelrum", "barnvagnsrum", "tvättstuga", "källarinbrott")),
    Category("burglary_premises", "Inbrott i lokal", "Burglary in commercial premises",
             Group.PROPERTY_CRIME, _D, ("butik", "kontor", "affär", "lokalinbrott")),
    Category("vehicle_break_in", "Inbrott i bil", "Break-in to vehicle",
             Group.PROPERTY_CRIME, _D, ("bilinbrott", "krossad bilruta", "stöld ur bil")),
    Category("theft", "Stöld", "Theft", Group.PROPERTY_CRIME, _D,
             ("cykelstöld", "stulen", "snatteri", "tillgrepp")),
    # --- Violence and weapons --------------------------------------------------------
    Category("shooting", "Skottlossning", "Shooting", Group.VIOLENCE, _A,
             ("skott", "skjutning", "vapen", "hylsor")),
    Category("threats_violence", "Hot och våld", "Threats and violence", Group.VIOLENCE, _A,
             ("hot", "våld", "bråk", "slagsmål")),
    Category("assault", "Misshandel", "Assault", Group.VIOLENCE, _A,
             ("slagsmål", "överfall", "skadad")),
    Category("robbery", "Rån", "Robbery", Group.VIOLENCE, _A, ("personrån", "butiksrån")),
    Category("incident_against_staff", "Hot eller våld mot personal",
             "Threats or violence against staff", Group.VIOLENCE, _A,
             ("personal", "fastighetsvärd", "väktare", "hot", "våld")),
    Category("weapon_found", "Fynd av vapen", "Weapon found", Group.VIOLENCE, _A,
             ("kniv", "pistol", "ammunition", "vapengömma", "gömma")),
    Category("harassment", "Trakasserier", "Harassment", Group.VIOLENCE, _D,
             ("ofredande", "kränkning", "glåpord", "förföljelse")),
    # --- Fire and explosions ---------------------------------------------------------
    Category("fire", "Brand", "Fire", Group.FIRE, _A,
             ("lägenhetsbrand", "rök", "brand i trapphus", "räddningstjänst")),
    Category("vehicle_fire", "Bilbrand", "Vehicle fire", Group.FIRE, _A,
             ("brinnande bil", "fordonsbrand", "mopedbrand")),
    Category("arson", "Anlagd brand", "Arson", Group.FIRE, _A,
             ("mordbrand", "tänt eld", "anlagd")),
    Category("waste_fire", "Brand i soptunna/container", "Fire in bin or container",
             Group.FIRE, _D, ("soprum", "container", "papperskorg", "sopkärl")),
    Category("explosion", "Explosion/sprängning", "Explosion/detonation", Group.FIRE, _A,
             ("detonation", "smäll", "sprängladdning", "handgranat")),
    Category("fireworks", "Fyrverkerier/smällare", "Fireworks/firecrackers", Group.FIRE, _D,
             ("raketer", "smällare", "pyroteknik")),
    # --- Drugs -----------------------------------------------------------------------
    Category("drug_dealing", "Narkotikaförsäljning", "Drug dealing", Group.DRUGS, _D,
             ("langning", "knark", "droghandel", "försäljning")),
    Category("drugs_found", "Fynd av narkotika", "Drugs found", Group.DRUGS, _D,
             ("knark", "cannabis", "påsar", "gömma", "droger")),
    Category("syringes_found", "Fynd av sprutor", "Syringes found", Group.DRUGS, _D,
             ("spruta", "kanyl", "nålar")),
    Category("drug_use", "Narkotikabruk på plats", "Drug use at the place", Group.DRUGS, _D,
             ("cannabislukt", "röker", "påverkad", "droger")),
    # --- Other -----------------------------------------------------------------------
    Category("suspected_illegal_sublet", "Misstänkt olovlig andrahandsuthyrning",
             "Suspected illegal subletting", Group.OTHER, _D,
             ("andrahand", "svartkontrakt", "kontraktshandel", "överbefolkning")),
    Category("rumour_social_media", "Rykten/oro i sociala medier",
             "Rumours or unrest on social media", Group.OTHER, _D,
             ("rykte", "sociala medier", "oro", "snapchat", "instagram")),
    Category("event", "Evenemang/aktivitet i området", "Event or activity in the area",
             Group.OTHER, _P, ("aktivitet", "fest", "folksamling", "högtid")),
    Category("other", "Övrigt", "Other", Group.OTHER, _P, ("annat",)),
)
# fmt: on


_SWEDISH_ORDER = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "ö": "z\u0003"})


def _sort_key(category: Category) -> tuple[int, str]:
    """Group order first, then the Swedish label in Swedish alphabetical order (å ä ö last)."""
    group_position = list(Group).index(category.group)
    return group_position, category.label_sv.casefold().translate(_SWEDISH_ORDER)


def _index(definitions: Iterable[Category]) -> dict[str, Category]:
    """Sort and index the definitions; refuse duplicate codes instead of silently dropping one."""
    index: dict[str, Category] = {}
    for category in sorted(definitions, key=_sort_key):
        if category.code in index:
            raise ValueError(f"duplicate category code: {category.code}")
        index[category.code] = category
    return index


CATEGORIES: dict[str, Category] = _index(_DEFINITIONS)

# Categories that point at a single household are never shared with the collaboration:
# a suspected illegal sublet is handled by the housing company's own case handlers.
INTERNAL_ONLY: frozenset[str] = frozenset({"suspected_illegal_sublet"})


def get(code: str) -> Category | None:
    """The category for a stored code, or None for an unknown or retired code."""
    return CATEGORIES.get(code)


def grouped() -> list[tuple[Group, list[Category]]]:
    """Categories per group, in Group order, for the grouped picker (empty groups left out)."""
    result: list[tuple[Group, list[Category]]] = []
    for group in Group:
        members = [c for c in CATEGORIES.values() if c.group == group]
        if members:
            result.append((group, members))
    return result


def choices() -> list[tuple[str, str]]:
    """(code, Swedish label) pairs for Django model and form field choices."""
    return [(c.code, c.label_sv) for c in CATEGORIES.values()]


def codes_in_group(group: Group | str) -> list[str]:
    """Codes of one group, for filtering queries by group.

    A string is parsed as a Group value; an unknown value raises ValueError, so that a
    typo in a filter fails loudly instead of quietly matching nothing.
    """
    wanted = Group(group)
    return [c.code for c in CATEGORIES.values() if c.group == wanted]

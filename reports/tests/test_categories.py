"""The category taxonomy: stable codes, Swedish and English labels, groups and levels."""

import re

import pytest

from reports import categories
from reports.categories import (
    CATEGORIES,
    GROUP_LABELS,
    LEVEL_LABELS,
    Category,
    Group,
    Level,
    choices,
    codes_in_group,
    get,
    grouped,
)

# Phenomena the seed texts and the brief name, by the code we promised for each.
SEED_PHENOMENA = {
    "youth_gathering": "ungdomssamlingar, ungdomsgäng (Botkyrkabyggen, Helsingborgshem)",
    "loitering_stairwell": "gäng som hänger i trapphus (MKB)",
    "drug_dealing": "langar knark på gården, öppen droghandel (MKB, Botkyrkabyggen)",
    "drugs_found": "narkotika som man hittat på en speciell plats (Botkyrkabyggen)",
    "syringes_found": "fynd av sprutor",
    "vandalism": "skadegörelse och vandalisering (Malmö, Helsingborgshem)",
    "graffiti": "klotter",
    "littering": "nedskräpning (Möllevången)",
    "broken_lighting": "mörka platser, belysning (MKB, Helsingborgshem)",
    "broken_door_or_lock": "låst port, passagesystem (Helsingborgshem)",
    "overgrown_vegetation": "skymmande buskage (Helsingborgshem)",
    "unauthorised_in_basement": "kontroller av förråd och garage (Trygga hus)",
    "burglary_apartment": "bostadsinbrott (Kirseberg)",
    "burglary_storage": "inbrott i källarförråd (Fredriksdal)",
    "burglary_basement": "inbrott i källare",
    "vehicle_fire": "bilbrand",
    "fire": "brand (MKB: akut, allvarlig händelse)",
    "explosion": "sprängning i trappuppgång (MKB)",
    "shooting": "skottlossning (MKB: akut, allvarlig händelse)",
    "threats_violence": "överfall eller våldsbrott (Möllevången)",
    "assault": "överfall (Möllevången)",
    "harassment": "trakasserier",
    "weapon_found": "droger och vapen (Rosengård)",
    "fireworks": "fyrverkerier (Dalhem)",
    "suspected_illegal_sublet": "misstänkt olovlig andrahandsuthyrning (MKB, Botkyrkabyggen)",
    "moped_traffic_misuse": "mopedkörning på olämpliga platser (Rosengård)",
    "reckless_driving": "bilister som kör för fort (Möllevången)",
    "abandoned_vehicle": "övergivet fordon",
    "noise": "störningar, störande ljud (MKB)",
    "incident_against_staff": "hot mot personal",
    "robbery": "rån",
    "arson": "anlagd brand",
    "unsafe_place": "otrygga platser från trygghetsvandringar",
    "rumour_social_media": "oro efter händelser",
    "event": "evenemang i området",
    "bulky_waste": "grovsopor",
    "other": "övrigt",
}

SNAKE_CASE = re.compile(r"[a-z]+(?:_[a-z]+)*")


def test_it_offers_at_least_thirty_categories():
    assert len(CATEGORIES) >= 30


@pytest.mark.parametrize("code", sorted(SEED_PHENOMENA))
def test_it_has_a_category_for_every_phenomenon_the_seeds_name(code):
    assert get(code) is not None, SEED_PHENOMENA[code]


def test_it_never_collapses_two_definitions_into_one_code():
    assert len(CATEGORIES) == len(categories._DEFINITIONS)


def test_it_refuses_to_build_a_taxonomy_with_a_duplicate_code():
    twice = Category("noise", "Störande ljud", "Noise", Group.SOCIAL_DISORDER, Level.DISTURBANCE)

    with pytest.raises(ValueError, match="noise"):
        categories._index([twice, twice])


def test_it_uses_stable_snake_case_codes_that_fit_the_database_column():
    for code, category in CATEGORIES.items():
        assert code == category.code
        assert SNAKE_CASE.fullmatch(code), code
        assert len(code) <= 40, code


def test_it_gives_every_category_a_swedish_and_an_english_label_group_and_level():
    for category in CATEGORIES.values():
        assert category.label_sv.strip() and category.label_en.strip(), category.code
        assert isinstance(category.group, Group)
        assert isinstance(category.default_level, Level)
        assert all(word and word == word.lower() for word in category.keywords_sv)


def test_it_keeps_swedish_labels_unique_so_the_picker_is_unambiguous():
    labels = [c.label_sv for c in CATEGORIES.values()]

    assert len(labels) == len(set(labels))


def test_it_labels_every_level_and_group_in_swedish_and_english():
    assert LEVEL_LABELS[Level.PREVENTIVE] == ("Förebyggande", "Preventive")
    assert LEVEL_LABELS[Level.DISTURBANCE] == ("Störning", "Disturbance")
    assert LEVEL_LABELS[Level.ACUTE] == ("Akut", "Acute")
    assert set(LEVEL_LABELS) == set(Level)
    assert set(GROUP_LABELS) == set(Group)
    assert all(sv and en for sv, en in GROUP_LABELS.values())


def test_it_keeps_the_enum_values_that_are_stored_and_sent_over_the_api():
    assert [level.value for level in Level] == ["preventive", "disturbance", "acute"]
    assert [group.value for group in Group] == [
        "social_disorder",
        "physical_disorder",
        "property_crime",
        "violence",
        "fire",
        "drugs",
        "other",
    ]


@pytest.mark.parametrize(
    "code, level",
    [
        ("shooting", Level.ACUTE),
        ("explosion", Level.ACUTE),
        ("fire", Level.ACUTE),
        ("vehicle_fire", Level.ACUTE),
        ("threats_violence", Level.ACUTE),
        ("assault", Level.ACUTE),
        ("youth_gathering", Level.DISTURBANCE),
        ("noise", Level.DISTURBANCE),
        ("loitering_stairwell", Level.DISTURBANCE),
        ("broken_lighting", Level.PREVENTIVE),
        ("littering", Level.PREVENTIVE),
        ("graffiti", Level.PREVENTIVE),
    ],
)
def test_it_defaults_each_category_to_the_level_practitioners_would_use(code, level):
    assert get(code).default_level == level


def test_it_labels_categories_the_way_swedish_practitioners_write_them():
    assert get("youth_gathering").label_sv == "Ungdomsgäng/ungdomssamling"
    assert get("unauthorised_in_basement").label_sv == "Obehöriga i källare/förråd/vind"
    assert get("suspected_illegal_sublet").label_sv == "Misstänkt olovlig andrahandsuthyrning"
    assert get("other").label_sv == "Övrigt"


def test_it_returns_none_for_an_unknown_code():
    assert get("alien_landing") is None
    assert get("") is None


def test_it_groups_every_category_exactly_once_in_group_order():
    groups = grouped()

    assert [group for group, _ in groups] == list(Group)
    listed = [c.code for _, members in groups for c in members]
    assert sorted(listed) == sorted(CATEGORIES)
    for group, members in groups:
        assert all(c.group == group for c in members)


def test_it_orders_categories_by_group_then_swedish_label_with_å_ä_ö_last():
    for _, members in grouped():
        keys = [categories._sort_key(c) for c in members]
        assert keys == sorted(keys)
    physical = [c.code for c in dict(grouped())[Group.PHYSICAL_DISORDER]]
    assert physical[-1] == "abandoned_vehicle"  # "Övergivet fordon" after "Uppställd ..."
    assert list(CATEGORIES)[-1] == "other"


def test_it_offers_django_choices_as_code_and_swedish_label():
    pairs = choices()

    assert ("noise", "Störande ljud") in pairs
    assert [code for code, _ in pairs] == list(CATEGORIES)


def test_it_lists_the_codes_of_a_group_given_the_enum_or_its_string_value():
    drugs = codes_in_group(Group.DRUGS)

    assert set(drugs) >= {"drug_dealing", "drugs_found", "syringes_found"}
    assert codes_in_group("drugs") == drugs
    assert "shooting" in codes_in_group(Group.VIOLENCE)


def test_it_rejects_an_unknown_group_instead_of_matching_nothing():
    with pytest.raises(ValueError):
        codes_in_group("weather")

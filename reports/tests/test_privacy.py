"""Free text is scanned before storage: identifiers masked, singling-out wording flagged.

Identity numbers below carry real check digits (811218-9876 is the well-known test
number; 701063-2391 a coordination number: day 63 = 3 + 60).
"""

import pytest

from reports.privacy import (
    EMAIL,
    PERSONNUMMER,
    PHONE,
    SAMORDNINGSNUMMER,
    WORDING,
    WORDING_WARNING,
    scan,
)


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan(text).findings]


@pytest.mark.parametrize(
    "number",
    ["811218-9876", "811218+9876", "8112189876", "19811218-9876", "198112189876"],
)
def test_it_masks_a_personnummer_with_valid_check_digit_in_every_written_form(number):
    result = scan(f"Lapp på dörren med {number} på.")

    assert result.text == "Lapp på dörren med [personnummer] på."
    assert kinds(f"Lapp på dörren med {number} på.") == [PERSONNUMMER]
    assert result.masked_kinds == ["personnummer"]


@pytest.mark.parametrize("number", ["701063-2391", "7010632391", "19701063-2391"])
def test_it_masks_a_samordningsnummer_whose_day_is_plus_sixty(number):
    result = scan(f"Nummer {number} stod på lådan.")

    assert result.text == "Nummer [samordningsnummer] stod på lådan."
    assert result.masked_kinds == ["samordningsnummer"]


def test_it_accepts_29_february_in_a_leap_year():
    assert scan("000229-1235").text == "[personnummer]"


@pytest.mark.parametrize(
    "number",
    [
        "811218-9875",  # wrong check digit
        "8112189875",  # wrong check digit, no separator
        "810230-1234",  # valid check digit, but 30 February
        "850229-1233",  # valid check digit, but 1985 was no leap year
        "811318-9875",  # valid check digit, but month 13
        "21811218-9876",  # century 21 is not plausible
    ],
)
def test_it_leaves_numbers_alone_when_check_digit_or_date_fails(number):
    result = scan(f"Ärende {number} hos fastighetsjouren.")

    assert result.text == f"Ärende {number} hos fastighetsjouren."
    assert result.findings == ()


def test_it_masks_a_ten_digit_number_with_bad_check_digit_as_a_phone_number_instead():
    # 0701234567 fails the Luhn check (it would need a 9), so it is not a personnummer,
    # but it is a perfectly good mobile number.
    result = scan("Ring 0701234567 om porten står öppen.")

    assert result.text == "Ring [telefonnummer] om porten står öppen."
    assert kinds("Ring 0701234567 om porten står öppen.") == [PHONE]


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "070 123 45 67",
        "0701234567",
        "070-1234567",
        "070 - 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "0046 70 123 45 67",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "0980-123 45",
    ],
)
def test_it_masks_swedish_phone_numbers_in_the_ways_people_write_them(phone):
    result = scan(f"Hyresgästen nås på {phone}.")

    assert result.text == "Hyresgästen nås på [telefonnummer]."
    assert result.masked_kinds == ["telefonnummer"]


@pytest.mark.parametrize(
    "text",
    [
        "Samma sak hände 2024 och 2023.",
        "Gänget kom 2024-05-01 vid 19:30 och stannade till 04:00.",
        "Trygghetsjouren arbetar 19.30-04 vardagar.",
        "Uppehåll i trapphus, 3 personer vid port 12.",
        "Adress: Fittjavägen 8, 145 68 Norsborg.",
        "Lgh 1102, vecka 07, 61 procent, 12 000 kr.",
        "Daterat 01-05-2024 enligt lappen.",
        "Position 59.2784, 17.8231.",
    ],
)
def test_it_does_not_mask_years_dates_times_postcodes_counts_or_house_numbers(text):
    result = scan(text)

    assert result.text == text
    assert result.findings == ()


def test_it_keeps_the_rest_of_a_sentence_when_a_count_follows_a_phone_number():
    assert scan("Ring 070-123 45 67 3 personer").text == "Ring [telefonnummer] 3 personer"


def test_it_masks_an_email_address_but_not_the_full_stop_after_it():
    result = scan("Skicka bilder till anna.svensson@exempel.se.")

    assert result.text == "Skicka bilder till [e-postadress]."
    assert kinds("Skicka bilder till anna.svensson@exempel.se.") == [EMAIL]


def test_it_masks_an_email_address_with_digits_once_and_not_as_a_phone_number():
    assert scan("kalle0701234567@exempel.se").text == "[e-postadress]"


@pytest.mark.parametrize(
    "text, word",
    [
        ("Invandrare hänger i trapphuset.", "Invandrare"),
        ("Invandrarungdomar vid kiosken.", "Invandrarungdomar"),
        ("Några somalier på gården.", "somalier"),
        ("ARABERNA vid tvättstugan.", "ARABERNA"),
        ("En utlänning sov i källaren.", "utlänning"),
        ("Zigenare vid parkeringen.", "Zigenare"),
        ("Muslimer samlades.", "Muslimer"),
        ("Killar med utländsk bakgrund.", "utländsk bakgrund"),
        ("Vilket pack som bor här.", "pack"),
        ("Slöddret stökar igen.", "Slöddret"),
        ("En kriminell familj i trappan.", "kriminell familj"),
        ("Kriminella  familjer styr området.", "Kriminella  familjer"),
    ],
)
def test_it_warns_about_wording_that_singles_people_out_without_changing_it(text, word):
    result = scan(text)

    assert result.text == text
    assert [(f.kind, f.masked) for f in result.findings] == [(WORDING, False)]
    finding = result.findings[0]
    assert text[finding.start : finding.end] == word
    assert result.warnings == [WORDING_WARNING]
    assert result.masked_kinds == []


@pytest.mark.parametrize(
    "text",
    [
        "Skylt på arabiska och somaliska vid entrén.",
        "Fler kategorier och nya batterier i lamporna.",
        "Turkos dörr, romersk siffra, judo i lokalen.",
        "Vi fick packa ihop grillen.",
        "Svenska kyrkan hade aktivitet.",
    ],
)
def test_it_does_not_warn_about_ordinary_words_that_merely_look_alike(text):
    assert scan(text).findings == ()


def test_it_reports_several_findings_in_order_with_offsets_into_the_original_text():
    text = (
        "Ring 070-123 45 67 eller mejla ola@exempel.se om invandrarna, "
        "pnr 811218-9876, tel 08-12 34 56."
    )

    result = scan(text)

    found = [(f.kind, text[f.start : f.end], f.masked) for f in result.findings]
    assert found == [
        (PHONE, "070-123 45 67", True),
        (EMAIL, "ola@exempel.se", True),
        (WORDING, "invandrarna", False),
        (PERSONNUMMER, "811218-9876", True),
        (PHONE, "08-12 34 56", True),
    ]
    assert result.text == (
        "Ring [telefonnummer] eller mejla [e-postadress] om invandrarna, "
        "pnr [personnummer], tel [telefonnummer]."
    )
    assert result.masked_kinds == ["telefonnummer", "e-postadress", "personnummer"]


def test_it_tells_the_reporter_in_swedish_what_was_masked_and_asks_to_rephrase():
    result = scan("Zigenare i 811218-9876, ring 070-123 45 67 eller 08-123 456 78, a@b.se")

    assert result.warnings == [
        "Texten innehöll ett personnummer som har maskerats.",
        "Texten innehöll 2 telefonnummer som har maskerats.",
        "Texten innehöll en e-postadress som har maskerats.",
        "Texten innehåller ord som kan peka ut personer (t.ex. etnicitet). "
        "Beskriv plats och händelse, inte personer.",
    ]


def test_it_names_a_coordination_number_in_the_warning():
    assert scan("701063-2391").warnings == [
        "Texten innehöll ett samordningsnummer som har maskerats."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ring 070-123 45 67 eller mejla ola@exempel.se, pnr 811218-9876, samnr 701063-2391.",
        "Invandrare vid port 12 kl 19:30 den 2024-05-01, +46 8 123 456 78.",
        "",
        "Lugnt i området.",
    ],
)
def test_it_is_idempotent_so_scanning_the_stored_text_again_changes_nothing(text):
    once = scan(text).text

    assert scan(once).text == once
    assert all(f.kind == WORDING for f in scan(once).findings)


def test_it_returns_plain_text_untouched_with_no_findings_and_no_warnings():
    result = scan("Trasig belysning vid cykelrummet sedan i måndags.")

    assert result.text == "Trasig belysning vid cykelrummet sedan i måndags."
    assert result.findings == ()
    assert result.warnings == []
    assert result.masked_kinds == []


def test_it_exposes_the_kind_names_it_promises():
    assert {PERSONNUMMER, SAMORDNINGSNUMMER, PHONE, EMAIL, WORDING} == {
        "personnummer",
        "samordningsnummer",
        "phone",
        "email",
        "wording",
    }

"""Every shape in privacy_cases.py: masked where it stands, or left exactly as typed."""

import pytest

from reports.privacy import EMAIL, PERSONNUMMER, PHONE, SAMORDNINGSNUMMER, scan
from reports.tests.privacy_cases import IN_CONTEXT, LEFT_ALONE, MASKED

MASKS = {PERSONNUMMER: "[personnummer]", SAMORDNINGSNUMMER: "[samordningsnummer]",
         PHONE: "[telefonnummer]", EMAIL: "[e-postadress]"}


@pytest.mark.parametrize("shape, kind", MASKED, ids=[shape for shape, _ in MASKED])
def test_it_masks_the_shape_inside_a_sentence(shape, kind):
    result = scan(f"Lapp på dörren: {shape}, ring inte.")

    assert result.text == f"Lapp på dörren: {MASKS[kind]}, ring inte."
    assert [f.kind for f in result.findings] == [kind]


@pytest.mark.parametrize("shape, kind", MASKED, ids=[shape for shape, _ in MASKED])
def test_it_masks_the_shape_as_the_whole_text_and_once_only(shape, kind):
    result = scan(shape)

    assert result.text == MASKS[kind]
    assert scan(result.text).text == result.text


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_it_leaves_the_look_alike_exactly_as_typed(text):
    result = scan(text)

    assert result.text == text
    assert result.findings == ()


@pytest.mark.parametrize("text, stored", IN_CONTEXT)
def test_it_masks_identifiers_next_to_each_other_and_keeps_the_words_around_them(text, stored):
    assert scan(text).text == stored

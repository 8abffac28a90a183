"""Reading a survey file into rows of text cells with their line numbers.

CSV (UTF-8 with or without BOM; comma, semicolon or tab) or Excel (.xlsx, first sheet,
header in its first non-empty row, line numbers are the sheet's row numbers). Size, row
and unpacked-size limits keep a hostile file from eating the server. What the cells mean
is importing.py's business.

Excel sheets are read in openpyxl's read-only mode with the sheet's declared dimension
ignored (``reset_dimensions()``: a tiny file may declare A1:XFD1048576), only the first
MAX_COLUMNS + 1 columns are read (cells further right are ignored; a value in column
MAX_COLUMNS + 1 makes the header too wide or the row wider than the header, which
importing.py reports), and every sheet row, empty or not, counts towards MAX_ROWS.
"""

import csv
import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tryggve import imports

MAX_BYTES = imports.MAX_BYTES
MAX_ROWS = imports.MAX_ROWS
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip archive
MAX_COLUMNS = 100

class FileError(Exception):
    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass
class Table:
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells)


# Reading the file ----------------------------------------------------------------------


def is_excel(data: bytes, filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def read_table(data: bytes, filename: str) -> Table:
    if len(data) > MAX_BYTES:
        raise FileError(imports.too_big_message())
    if filename.lower().endswith((".xls", ".ods", ".numbers")):
        raise FileError(_("Filformatet stöds inte: spara som Excel (.xlsx) eller CSV."))
    table = _read_excel(data) if is_excel(data, filename) else _read_csv(data)
    if table is None:
        raise FileError(_("Filen är tom."))
    return table


def _too_many_rows(line: int) -> FileError:
    return FileError(_("Filen har för många rader (högst %(max)d).") % {"max": MAX_ROWS}, line)


def _read_csv(data: bytes) -> Table | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(_("Filen är inte UTF-8-kodad (spara som CSV UTF-8).")) from exc
    if "\x00" in text:
        raise FileError(_("Filen är ingen textfil (spara som CSV UTF-8 eller Excel .xlsx)."))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line, rows, previous = 0, [], 0
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num  # a row's first line
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = cells, line
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(line)
            rows.append((line, cells))
    except csv.Error as exc:
        raise FileError(_("Felaktig CSV: %(error)s.") % {"error": exc}, previous + 1) from exc
    return None if header is None else Table(header_line, header, rows)


def _cell(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
        return f"{Decimal(str(value)) * 100:f} %"  # a cell shown as "64 %" holds 0.64
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        return str(int(value)) if value.is_integer() else f"{Decimal(repr(value)):f}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_excel(data: bytes) -> Table | None:
    from openpyxl import load_workbook

    try:  # refuse a zip bomb before openpyxl unpacks it
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileError(_("Filen kunde inte läsas som Excel (.xlsx).")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileError(_("Filen är för stor (högst %(max)d MB uppackad).")
                        % {"max": MAX_UNPACKED_BYTES // 1024 // 1024})
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl's InvalidFileException, broken XML…
        raise FileError(_("Filen kunde inte läsas som Excel (.xlsx).")) from exc
    try:
        if not book.worksheets:
            return None
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared dimension may be A1:XFD1048576
        header: list[str] | None = None
        header_line, rows = 0, []
        # Cells rather than values_only: a percent cell's number format matters.
        for line, row in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1),
                                   start=1):
            if line > MAX_ROWS + 1:  # every row counts, empty or not (+1: the header)
                raise _too_many_rows(line)
            cells = [_cell(c) for c in row]
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = cells, line
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(line)
            rows.append((line, cells))
    except FileError:
        raise
    except Exception as exc:
        raise FileError(_("Filen kunde inte läsas som Excel (.xlsx).")) from exc
    finally:
        book.close()
    return None if header is None else Table(header_line, header, rows)

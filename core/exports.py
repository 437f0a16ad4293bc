"""Spreadsheet exports that cannot run formulas: a cell that a spreadsheet program would read as a
formula gets a leading apostrophe (OWASP's CSV-injection advice). Django-import-export only guards
`=`; we guard every trigger, including TAB and CR."""

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO, StringIO

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """The value to write into a cell: numbers and dates stay as they are, text that could start a
    formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    # A BOM so that spreadsheet programs read the Lao text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response

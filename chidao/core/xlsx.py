"""Every .xlsx chidao writes goes through here, so no cell text becomes a formula.

A task title such as `=HYPERLINK("http://…","Bấm vào đây")` typed by one unit must not run
when another unit opens the export. openpyxl stores any text starting with "=" as a formula;
Excel and LibreOffice also evaluate text starting with "+", "-" or "@" once a user edits the
cell. Such text is written as a text cell with the quote prefix (the cell shows exactly what
was typed and stays text when edited). Numbers and dates are left alone.
"""

import io

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell) -> None:
    """Make `cell` (whatever its value) a plain text cell that no spreadsheet evaluates."""
    if is_risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_row(sheet, values) -> list:
    """A row for `sheet.append` in a write-only workbook: risky text as text cells."""
    row = []
    for value in values:
        if is_risky(value):
            cell = WriteOnlyCell(sheet, value=value)
            as_text(cell)
            row.append(cell)
        else:
            row.append(value)
    return row


def save(workbook) -> bytes:
    """The workbook as bytes. In a normal workbook every cell is checked here; a write-only
    one cannot be walked, so its rows must be built with `safe_row`."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    as_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

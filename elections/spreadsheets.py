"""Writing spreadsheets that people open in Excel or WPS, so that no exported text runs as a formula (issue 12,
item 3: a name such as =HYPERLINK("http://…?x="&A1,"点我") was exported as a live formula).

Text beginning with = + - @, a tab or a carriage return is what spreadsheet programs take for a formula (OWASP,
"CSV injection"). In an .xlsx such text is written as a string cell (openpyxl would otherwise write any text
starting with "=" as a formula) carrying Excel's quotePrefix flag: the same as a user typing a leading apostrophe.
The value shows unchanged, is never evaluated, and stays text when someone edits the cell. A CSV has no cell types,
so there the well-known remedy applies: the text is prefixed with an apostrophe.

Every export writes its rows through `xlsx_row` (or `csv_row`).
"""
from openpyxl.cell import WriteOnlyCell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_START)


def xlsx_row(sheet, values):
    """A row for a write-only openpyxl sheet: text that could be taken for a formula becomes a quoted string
    cell; everything else is written as it is."""
    return [_text_cell(sheet, value) if looks_like_formula(value) else value for value in values]


def _text_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def csv_row(values):
    """A row for csv.writer: text that could be taken for a formula gets a leading apostrophe."""
    return [f"'{value}" if looks_like_formula(value) else value for value in values]


def xlsx_table(title, headers, rows):
    """A one-sheet .xlsx (bytes): a bold header row, then `rows`, each through `xlsx_row`. Write-only, so a long
    table streams in constant memory (the election archive writes its tables with it)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(xlsx_row(sheet, list(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

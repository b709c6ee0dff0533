"""Reading an uploaded spreadsheet — an untrusted file — in bounded time and memory (issue 12, item 2).

`open_spreadsheet(data)` recognises an .xlsx workbook or a CSV file (UTF-8, UTF-8 with BOM, GBK/GB18030,
UTF-16) and refuses everything else with a Chinese message (FileProblem): an old .xls, a password-protected
workbook, a PDF or picture renamed, random bytes, a file over the upload limit. Its `rows()` yields
(row number as in the spreadsheet, tuple of cell values); rows the file leaves out are skipped, so callers
count blank runs by row number.

An .xlsx is a zip of XML parts. Before anything is unpacked, every part's declared size (ZipInfo.file_size, which
zipfile also enforces while unpacking) and compression ratio are checked, so a small file that would unpack to
gigabytes (a "zip bomb", or one shared string of 400 MB) is refused at once. The parts are then read as a
stream with expat, 64 KB at a time: no document type declaration is accepted (an .xlsx never has one; refusing
it stops external entities and "billion laughs" before any expansion), and a cell longer than MAX_CELL_CHARS is
refused as soon as it grows past that. openpyxl is not used for reading: it loads every shared string whole and
reports problems in English library text.
"""
import codecs
import csv
import datetime
import io
import re
import zipfile
import zlib
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAX_CELL_CHARS = 1000  # the longest column of the template takes 200
MAX_MEMBERS = 1000  # parts of one .xlsx; Excel writes about a dozen
MAX_PART_BYTES = 256 * 2**20  # one unpacked part: a sheet of 100,000 residents takes 45–150 MB, read as a stream
MAX_SHARED_STRINGS_BYTES = 32 * 2**20  # kept in memory whole: about 15 MB for 100,000 residents
MAX_SHARED_STRINGS = 1_000_000
MAX_TOTAL_BYTES = 384 * 2**20
MAX_RATIO = 100  # unpacked ÷ packed, for parts over RATIO_FROM: real sheets pack 5–30 times
RATIO_FROM = 2**20
CHUNK = 64 * 1024
CJK_DATE_FORMATS = {*range(27, 37), *range(50, 59)}  # built-in date formats of Chinese Excel (yyyy年m月d日, …)


class FileProblem(Exception):
    """The file cannot be read; the message says why, for people. `row`/`column` when it is one cell."""

    def __init__(self, message, row=None, column=""):
        super().__init__(message)
        self.row, self.column = row, column


def max_upload_bytes():
    return settings.MAX_UPLOAD_BYTES


def too_large_message():
    return _("The file is larger than %(mb)s MB.") % {"mb": max_upload_bytes() // 2**20}


# --- recognising the file ---------------------------------------------------------------------------------------

SIGNATURES = [  # what people upload by mistake, by its first bytes
    (b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"), (b"\x1f\x8b", "gzip"), (b"{\\rtf", "RTF"),
]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_spreadsheet(data):
    """The file as an XlsxFile or CsvFile, or FileProblem saying why it cannot be read."""
    if len(data) > max_upload_bytes():
        raise FileProblem(too_large_message())
    if data[:4] == b"PK\x03\x04":
        return XlsxFile(data)
    if data[:8] == OLE:
        raise FileProblem(_("This is an old Excel 97–2003 (.xls) file or a workbook protected by a password: save "
                            "it as .xlsx (Excel workbook) without a password, or as CSV."))
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise FileProblem(_("This is a %(kind)s file, not a spreadsheet: upload the residents as an Excel "
                                "workbook (.xlsx) or a CSV file.") % {"kind": kind})
    return CsvFile(data)


def _not_a_spreadsheet():
    return FileProblem(_("The file is neither an Excel workbook nor a CSV file in UTF-8 or GBK."))


# --- CSV --------------------------------------------------------------------------------------------------------

class CsvFile:
    def __init__(self, data):
        self.text = decode_csv(data)

    @property
    def estimated_rows(self):
        return self.text.count("\n") + 1

    def rows(self):
        first_line = self.text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=delimiter)
        number = 0  # records, as a spreadsheet program numbers the rows (a quoted cell may span lines)
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:  # a field over csv's own limit (131,072 characters), a stray NUL, …
                raise FileProblem(_("Line %(line)s of the CSV file cannot be read: a cell is far too long or the "
                                    "line is damaged.") % {"line": reader.line_num}, row=number) from None
            for index, cell in enumerate(cells):
                _check_length(len(cell), number, index)
            yield number, tuple(cells)


def decode_csv(data):
    """Text of a CSV file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK, as Excel in China
    saves "CSV"), else UTF-16 (Excel's "Unicode text")."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if b"\0" in data[:CHUNK]:
        raise _not_a_spreadsheet()  # binary: text files have no NUL bytes
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise _not_a_spreadsheet()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_like_text(text):
    """GB18030 decodes nearly any bytes: random data comes out full of control characters, text does not."""
    sample = text[:CHUNK]
    return len(_CONTROL.findall(sample)) <= len(sample) // 1000


def _check_length(length, row, index):
    if length > MAX_CELL_CHARS:
        raise FileProblem(_("Column %(column)s holds %(len)s characters: no cell may have more than %(n)s.")
                          % {"column": column_letter(index), "len": length, "n": MAX_CELL_CHARS},
                          row=row, column=column_letter(index))


def column_letter(index):
    """0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- XLSX -------------------------------------------------------------------------------------------------------

def _damaged(part=""):
    return FileProblem(_("The Excel file is damaged and cannot be read%(part)s: open it in Excel or WPS and save it "
                         "again as .xlsx.") % {"part": f"（{part}）" if part else ""})


class XlsxFile:
    """An .xlsx workbook, checked part by part before anything is unpacked."""

    SHEET = "居民信息"  # the template's sheet; otherwise the first sheet

    def __init__(self, data):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError):
            raise _damaged() from None
        self.parts = {info.filename: info for info in infos}
        _check_parts(infos)
        if "xl/workbook.xml" not in self.parts and not any(n.endswith("workbook.xml") for n in self.parts):
            raise FileProblem(_("This zip file is not an Excel workbook: upload the residents as .xlsx or CSV."))
        self._locate()

    @property
    def estimated_rows(self):
        return self.parts[self.sheet].file_size // 300  # a row of the template takes 300–600 bytes of XML

    def _locate(self):
        """The sheet to read, the shared strings and styles parts, and the workbook's date system."""
        workbook = _relationship_target(self, "_rels/.rels", "officeDocument") or "xl/workbook.xml"
        info = _WorkbookReader()
        _parse(self, workbook, info)
        base = workbook.rsplit("/", 1)[0] + "/" if "/" in workbook else ""
        rels_name = f"{base}_rels/{workbook.rsplit('/', 1)[-1]}.rels"
        rels = _RelationshipsReader()
        if rels_name in self.parts:
            _parse(self, rels_name, rels)
        if not info.sheets:
            raise _damaged("workbook.xml")
        wanted = next((rid for name, rid in info.sheets if name == self.SHEET), info.sheets[0][1])
        self.sheet = _resolve(base, rels.targets.get(wanted, ("", ""))[1]) or f"{base}worksheets/sheet1.xml"
        if self.sheet not in self.parts:
            raise _damaged(self.sheet)
        by_type = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.targets.values()}
        self.shared_strings = _resolve(base, by_type.get("sharedStrings", "")) or f"{base}sharedStrings.xml"
        self.styles = _resolve(base, by_type.get("styles", "")) or f"{base}styles.xml"
        self.epoch = CALENDAR_MAC_1904 if info.date1904 else CALENDAR_WINDOWS_1900

    def rows(self):
        strings = _SharedStringsReader()
        if self.shared_strings in self.parts:
            _parse(self, self.shared_strings, strings)
        styles = _StylesReader()
        if self.styles in self.parts:
            _parse(self, self.styles, styles)
        sheet = _SheetReader(strings.strings, styles.date_styles(), self.epoch)
        yield from _stream(self, self.sheet, sheet)


def _check_parts(infos):
    if len(infos) > MAX_MEMBERS:
        raise FileProblem(_("The workbook has %(n)s parts; a spreadsheet has a few dozen at most.") % {"n": len(infos)})
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblem(_("The workbook is protected by a password: save it without one."))
        limit = MAX_SHARED_STRINGS_BYTES if info.filename.endswith("sharedStrings.xml") else MAX_PART_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            raise FileProblem(_("The workbook's part %(part)s would unpack to %(mb)s MB (%(ratio)s times its packed "
                                "size): far more than a list of residents needs. The file is refused.")
                              % {"part": info.filename, "mb": info.file_size // 2**20, "ratio": int(ratio)})
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise FileProblem(_("The workbook would unpack to %(mb)s MB: far more than a list of residents needs. The "
                            "file is refused.") % {"mb": total // 2**20})


def _resolve(base, target):
    if not target:
        return ""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = []
    for piece in (base + target).split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _relationship_target(xlsx, name, kind):
    if name not in xlsx.parts:
        return ""
    rels = _RelationshipsReader()
    _parse(xlsx, name, rels)
    return next((_resolve("", target) for k, target in rels.targets.values() if k.endswith("/" + kind)), "")


def _local(name):
    return name.rpartition(":")[2]


def _refuse_dtd(*args):
    raise FileProblem(_("The file contains a document type declaration (DTD), which spreadsheets never have: it "
                        "is refused."))


def _parser(handler):
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    return parser


def _stream(xlsx, name, handler):
    """Feed a part to expat 64 KB at a time, yielding what the handler has finished after each piece."""
    parser = _parser(handler)
    try:
        with xlsx.archive.open(name) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                yield from handler.take()
            parser.Parse(b"", True)
            yield from handler.take()
    except expat.ExpatError as exc:
        raise FileProblem(_("The workbook's part %(part)s is not valid XML (line %(line)s): the file is damaged. Open "
                            "it in Excel or WPS and save it again as .xlsx.")
                          % {"part": name, "line": exc.lineno}) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise _damaged(name) from None  # NotImplementedError: a compression method or zip version zipfile lacks


def _parse(xlsx, name, handler):
    for _nothing in _stream(xlsx, name, handler):
        pass


class _Reader:
    """expat callbacks; `take()` hands over what is finished (rows, for the sheet)."""

    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass

    def take(self):
        return ()


class _RelationshipsReader(_Reader):
    def __init__(self):
        self.targets = {}  # Id → (Type, Target)

    def start(self, name, attrs):
        if _local(name) == "Relationship":
            self.targets[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class _WorkbookReader(_Reader):
    def __init__(self):
        self.sheets, self.date1904 = [], False

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rid))
        elif tag == "workbookPr":
            self.date1904 = attrs.get("date1904", "0") in ("1", "true")


class _TooLong:
    """A shared string over MAX_CELL_CHARS: refused when a cell uses it (then its row and column are known)."""

    def __init__(self, length):
        self.length = length


class _SharedStringsReader(_Reader):
    def __init__(self):
        self.strings = []
        self._parts, self._length, self._depth_rph, self._in_t, self._in_si = [], 0, 0, False, False

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "si":
            self._parts, self._length, self._in_si = [], 0, True
        elif tag == "rPh":
            self._depth_rph += 1  # phonetic guides (Japanese ruby): not part of the text
        elif tag == "t" and self._in_si and not self._depth_rph:
            self._in_t = True

    def end(self, name):
        tag = _local(name)
        if tag == "t":
            self._in_t = False
        elif tag == "rPh":
            self._depth_rph -= 1
        elif tag == "si":
            self._in_si = False
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise FileProblem(_("The workbook holds more than %(n)s different texts: far more than a list of "
                                    "residents needs. The file is refused.") % {"n": MAX_SHARED_STRINGS})
            self.strings.append(_TooLong(self._length) if self._length > MAX_CELL_CHARS else "".join(self._parts))

    def text(self, data):
        if self._in_t:
            self._length += len(data)
            if self._length <= MAX_CELL_CHARS:
                self._parts.append(data)


class _StylesReader(_Reader):
    def __init__(self):
        self.formats, self.cell_formats, self._in_xfs = {}, [], False

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "numFmt":
            self.formats[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            self._in_xfs = True
        elif tag == "xf" and self._in_xfs:
            self.cell_formats.append(attrs.get("numFmtId", "0"))

    def end(self, name):
        if _local(name) == "cellXfs":
            self._in_xfs = False

    def date_styles(self):
        """Indexes of the cell styles that show a number as a date."""
        dates = set()
        for index, fmt_id in enumerate(self.cell_formats):
            try:
                number = int(fmt_id)
            except ValueError:
                continue
            code = self.formats.get(fmt_id) or BUILTIN_FORMATS.get(number, "")
            if number in CJK_DATE_FORMATS or (code and is_date_format(code)):
                dates.add(str(index))
        return dates


_CELL_REF = re.compile(r"([A-Z]+)(\d*)")


class _SheetReader(_Reader):
    """The cells of one sheet, row by row: (row number, tuple of values)."""

    def __init__(self, strings, date_styles, epoch):
        self.strings, self.date_styles, self.epoch = strings, date_styles, epoch
        self.finished = []
        self.row_number, self.cells = 0, []
        self.column, self.kind, self.style = 0, None, None
        self._value, self._length, self._collect, self._depth_rph = [], 0, False, 0

    def take(self):
        finished, self.finished = self.finished, []
        return finished

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            ref = _CELL_REF.match(attrs.get("r", ""))
            self.column = _column_index(ref.group(1)) if ref else len(self.cells)
            self.kind, self.style = attrs.get("t"), attrs.get("s")
            self._value, self._length = [], 0
        elif tag == "v" or (tag == "t" and not self._depth_rph):
            self._collect = True
        elif tag == "row":
            number = attrs.get("r")
            self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
            self.cells = []
        elif tag == "rPh":
            self._depth_rph += 1

    def end(self, name):
        tag = _local(name)
        if tag in ("v", "t"):
            self._collect = False
        elif tag == "c":
            self._store(self._cell_value())
        elif tag == "row":
            self.finished.append((self.row_number, tuple(self.cells)))
        elif tag == "rPh":
            self._depth_rph -= 1

    def text(self, data):
        if self._collect:
            self._length += len(data)
            _check_length(self._length, self.row_number, self.column)
            self._value.append(data)

    def _store(self, value):
        if self.column >= 16384:
            raise _damaged()
        if self.column >= len(self.cells):
            self.cells.extend([None] * (self.column - len(self.cells) + 1))
        self.cells[self.column] = value

    def _cell_value(self):
        text = "".join(self._value)
        kind = self.kind
        if kind == "s":
            return self._shared(text)
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if text == "":
            return None
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(text)
            except ValueError:
                return text
        return self._number(text)

    def _shared(self, text):
        try:
            value = self.strings[int(text)]
        except (ValueError, IndexError):
            raise _damaged("sharedStrings.xml") from None
        if isinstance(value, _TooLong):
            _check_length(value.length, self.row_number, self.column)
        return value

    def _number(self, text):
        try:
            number = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            return text
        if self.style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return number


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1

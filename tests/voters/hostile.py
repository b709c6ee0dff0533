"""The probe's hostile files (issue 12, item 2), built here so every test uses the same set: a blank-row bomb, a
sheet formatted down to its last row, a shared-string bomb, XXE, billion laughs, an undefined entity, a renamed
PDF, random bytes, a truncated workbook, a file over the upload limit.

Workbooks are written part by part through zipfile's streaming writer, so even the bombs never sit unpacked in
this process's memory."""
import random
import zipfile
from io import BytesIO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADERS = ["姓名", "公民身份号码", "居民小组", "户号", "与户主关系", "户籍地址", "居住地址", "联系电话"]
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/></Types>'),
    "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                        '<sheet name="居民信息" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}


def inline_row(number, values):
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values) if v != "")
    return f'<row r="{number}">{cells}</row>'


def header_and_rows(rows=()):
    return inline_row(1, HEADERS) + "".join(inline_row(n, r) for n, r in enumerate(rows, start=2))


def workbook(sheet_chunks, shared_chunks=None, *, prolog="", level=6):
    """An .xlsx whose sheet XML is the concatenation of `sheet_chunks` (strings, or an iterable of them), with
    `prolog` before the root element (a DOCTYPE, say) and optional shared-strings XML chunks."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as xlsx:
        for name, body in PARTS.items():
            xlsx.writestr(name, body)
        with xlsx.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}"><sheetData>'
                       .encode())
            for chunk in sheet_chunks:
                part.write(chunk.encode())
            part.write(b"</sheetData></worksheet>")
        if shared_chunks is not None:
            with xlsx.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for chunk in shared_chunks:
                    part.write(chunk if isinstance(chunk, bytes) else chunk.encode())
    return out.getvalue()


def blank_row_bomb(rows=3_000_000):
    """A header, one resident, then millions of rows holding only an empty formatted cell (about 15 MB packed,
    100 MB unpacked: under every size limit, so it is the blank rows that must stop the reading)."""
    def chunks():
        yield header_and_rows([["王建国"]])
        batch = []
        for n in range(3, rows + 3):
            batch.append(f'<row r="{n}"><c r="A{n}" s="1"/></row>')
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
    return workbook(chunks(), level=9)


def formatted_down(data_rows, last=1_048_576, every=1):
    """An ordinary list whose sheet carries formatting down to row `last` (every `every`-th row present)."""
    def chunks():
        yield header_and_rows(data_rows)
        start = len(data_rows) + 2
        for first in range(start, last + 1, 10_000 * every):
            yield "".join(f'<row r="{n}" spans="1:8" s="1" customFormat="1"/>'
                          for n in range(first, min(first + 10_000 * every, last + 1), every))
    return workbook(chunks())


def string_bomb(megabytes=400):
    """One shared string of `megabytes` MB, packing to a few hundred KB."""
    def shared():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'
        block = b"A" * 2**20
        for _ in range(megabytes):
            yield block
        yield "</t></si></sst>"
    sheet = inline_row(1, HEADERS) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return workbook([sheet], shared(), level=9)


def xxe():
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return workbook([inline_row(1, HEADERS) + inline_row(2, ["&xxe;"])], prolog=prolog)


def billion_laughs():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return workbook([inline_row(1, HEADERS) + inline_row(2, ["&lol9;"])],
                    prolog=f"<!DOCTYPE worksheet [{entities}]>")


def undefined_entity():
    return workbook([inline_row(1, HEADERS) + inline_row(2, ["&nbsp;"])])


def renamed_pdf():
    return (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bytes(range(256)) * 40
            + b"\n%%EOF\n")


def random_bytes(size=1_000_000, seed=12):
    return random.Random(seed).randbytes(size)


def truncated_workbook():
    whole = workbook([header_and_rows([["王建国"]])])
    return whole[: len(whole) // 2]


def over_the_limit(megabytes=25):
    """A CSV of `megabytes` MB: more than the 20 MB an upload may have."""
    line = ("张伟,110108198005170011,第1居民小组,1-1-101,户主,北京市海淀区怡丽北园1号楼1单元101,"
            "北京市海淀区怡丽北园1号楼1单元101,13800138000\n").encode()
    return ",".join(HEADERS).encode() + b"\n" + line * (megabytes * 2**20 // len(line) + 1)


PROBES = {
    "blank-row bomb": blank_row_bomb,
    "formatted down to row 1,048,576": lambda: formatted_down([["王建国"]]),
    "string bomb": string_bomb,
    "XXE": xxe,
    "billion laughs": billion_laughs,
    "undefined entity": undefined_entity,
    "renamed PDF": renamed_pdf,
    "random bytes": random_bytes,
    "truncated workbook": truncated_workbook,
    "25 MB": over_the_limit,
}

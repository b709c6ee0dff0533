"""Serial numbers stamped onto copies of one laid-out ballot page (PRINTING.md: lay the ballot out once).

WeasyPrint takes about 0.3 s per ballot page; the ballots of a round differ only in their serial number. So
each distinct ballot page (one, or one per position) is rendered once, and every printed ballot is a new PDF
page that *refers to* that page's content stream and resources — written once in the file — plus a tiny
content stream of its own drawing the serial digits. 10,000 ballots cost a few seconds and stay small on disk.

The digits are set in Courier-Bold, one of the PDF standard fonts every reader and printer has (nothing to
embed), in the box the ballot layout leaves for them (`SerialBox`, in PDF points from the page's bottom-left).
"""
import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

SERIAL_FONT = "/FSerial"
COURIER_ADVANCE = 0.6  # Courier's glyph width, in em: every character is the same width
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class SerialBox:
    """Where the digits go: the box's left and right edges and its vertical centre, in points."""
    left: float
    right: float
    middle: float
    font_size: float = 14.0

    def text_origin(self, text):
        """(x, y) of the baseline start that centres `text` in the box."""
        width = len(text) * COURIER_ADVANCE * self.font_size
        return self.left + (self.right - self.left - width) / 2, self.middle - 0.35 * self.font_size


@dataclass(frozen=True)
class BallotPage:
    """One laid-out ballot: a one-page PDF and where its serial number goes."""
    pdf: bytes
    box: SerialBox


def _pdf_string(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class _Stamper:
    def __init__(self, writer):
        self.writer = writer
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Courier-Bold"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        })
        self.font = writer._add_object(font)  # pypdf has no public call for a new indirect object
        # The laid-out page's operators run inside q … Q, so the stamp starts from the default graphics state.
        self.save_state = self._stream(b"q\n")
        self.pages_ref = writer._root_object.raw_get("/Pages")
        self.pages_node = self.pages_ref.get_object()
        self.kids = self.pages_node["/Kids"]

    def _stream(self, data):
        stream = DecodedStreamObject()
        stream.set_data(data)
        return self.writer._add_object(stream)

    def template(self, ballot_page):
        """The laid-out page added to the writer once: its page dictionary, with shared (indirect) resources
        that also hold the serial font, and its content streams."""
        reader = PdfReader(io.BytesIO(ballot_page.pdf))
        if len(reader.pages) != 1:
            raise ValueError(f"A ballot layout must be one page, not {len(reader.pages)}.")
        page = self.writer.add_page(reader.pages[0])
        self.writer.remove_page(len(self.writer.pages) - 1)  # kept as a template, not as a printed page
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = resources[NameObject("/Font")] = DictionaryObject()
        fonts.get_object()[NameObject(SERIAL_FONT)] = self.font
        resources_ref = self.writer._add_object(resources)
        contents = page.raw_get("/Contents")
        if isinstance(contents.get_object(), ArrayObject):
            contents = list(contents.get_object())
        else:
            contents = [contents]
        own = ("/Contents", "/Parent", "/Resources")
        entries = {NameObject(k): page.raw_get(k) for k in page if k not in own}
        entries[NameObject("/Resources")] = resources_ref
        return entries, [self.save_state, *contents]

    def add(self, template, box, serial):
        """A new page: the template's entries and content streams (shared, not copied), then the stamp.
        PdfWriter.add_page would clone the content streams into every page, so the page goes straight into
        the page tree."""
        entries, contents = template
        x, y = box.text_origin(serial)
        stamp = (f"Q q BT {SERIAL_FONT} {box.font_size:.1f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm "
                 f"({_pdf_string(serial)}) Tj ET Q\n").encode("latin-1")
        page = DictionaryObject(entries)
        page[NameObject("/Contents")] = ArrayObject([*contents, self._stream(stamp)])
        page[NameObject("/Parent")] = self.pages_ref
        self.kids.append(self.writer._add_object(page))

    def finish(self):
        self.pages_node[NameObject("/Count")] = NumberObject(len(self.kids))


def stamp_ballots(ballot_pages, serials, *, out=None, on_progress=None):
    """Every ballot page once per serial (all of the first page's ballots, then the second's, …), the serial
    drawn in its box. Writes to `out` (a binary file) or returns the PDF as bytes.

    on_progress(pages_done, pages_total) is called every PROGRESS_EVERY pages and at the end.
    """
    writer = PdfWriter()
    stamper = _Stamper(writer)
    total, done = len(ballot_pages) * len(serials), 0
    for ballot_page in ballot_pages:
        template = stamper.template(ballot_page)
        for serial in serials:
            stamper.add(template, ballot_page.box, serial)
            done += 1
            if on_progress and done % PROGRESS_EVERY == 0:
                on_progress(done, total)
    stamper.finish()
    writer.add_metadata({"/Producer": "rcem polling.stamping (pypdf)"})
    target = out if out is not None else io.BytesIO()
    writer.write(target)
    if on_progress:
        on_progress(total, total)
    return None if out is not None else target.getvalue()

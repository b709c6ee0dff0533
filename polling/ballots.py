"""The ballots (选票, PRT): their layout, and numbered print runs.

- The profile's layout (VOTE-14): one ballot for all positions, or one ballot per position.
- The formal candidates of each position in surname stroke order (CAN-6), boxes to approve, disapprove or
  abstain, as many write-in rows (另选他人) as the position has seats, and the instructions of VOTE-8.
- A serial number per ballot and nothing about any voter (VOTE-1).
- Every ballot fits one sheet: with many candidates the layout tightens, then sets long lists in two
  columns, and only then moves to A3 (a ballot split over two sheets, or a blank page, is a spoiled vote).

Each distinct ballot is laid out once by WeasyPrint; polling.stamping copies it and stamps the serials.
"""
import io
import math
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter

from elections import documents, printing
from elections.models import Method

from .candidates import POSITIONS, first_round_contests, in_stroke_order, names_of
from .models import Round
from .stamping import BallotPage, SerialBox, stamp_ballots

TEMPLATE = "print/ballot.html"
MM = 72 / 25.4  # points per millimetre
# The ballot's page margins and the serial number box at the top right of the page area (mm). The template's
# CSS and the stamp both use these numbers.
MARGIN_MM = {"top": 11, "right": 14, "bottom": 11, "left": 14}
SERIAL_BOX_MM = {"width": 44, "height": 10, "label": 14}
POSITION_CN = documents.POSITION_CN
SPLIT_ROWS = 8  # in the two-column layout, positions with more rows than this run in two columns


@dataclass(frozen=True)
class Fit:
    """One way to set a ballot; tried in order until the ballot fits one sheet."""
    paper: str
    density: int
    columns: int


FITS = (Fit("A4", 0, 1), Fit("A4", 1, 1), Fit("A4", 1, 2), Fit("A4", 2, 2), Fit("A3", 2, 2))


@dataclass
class Block:
    """One position on a ballot: its candidates and write-in rows, in one or two columns."""
    position: str
    label: str
    seats: int
    names: list
    number_cn: str = ""
    columns: list = field(default_factory=list)
    # A tie-break ballot (VOTE-9) is a new vote among the tied only: it has no write-in rows.
    write_ins: bool = True
    # Seats of a further round kept for a woman (SEAT-2, VOTE-9): the ballot says how many.
    women_seats: int = 0

    def set_columns(self, columns):
        rows = [{"name": display_name(n)} for n in self.names] + [{"write_in": True}] * (
            self.seats if self.write_ins else 0)
        if columns == 1 or len(rows) <= SPLIT_ROWS:
            self.columns = [rows]
        else:
            half = math.ceil(len(rows) / 2)
            self.columns = [rows[:half], rows[half:]]


@dataclass
class Sheet:
    """One distinct ballot: all positions (layout 'one'), or one position (layout 'separate')."""
    title: str
    blocks: list
    key: str


def display_name(name):
    """Two-character names take a full-width space in the middle (王　伟), as Chinese ballots align them."""
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name


KIND_CN = {"first": "", "repeat": "重新投票", "further": "另行选举", "tie_break": "再次投票"}


def _title(election, suffix, round_obj):
    if round_obj is None or round_obj.number == 1:
        return documents.election_title(election, suffix)
    return documents.election_title(election, f"{KIND_CN[round_obj.kind]}{suffix}"
                                              f"（第{documents.chinese_number(round_obj.number)}轮）")


def round_contests(election, round_obj):
    """What the round's ballot holds: its contests, or for the first round every formal candidate (CAN-6)."""
    if round_obj is not None and round_obj.contests:
        return round_obj.contests
    return first_round_contests(election)


def sheets(election, round_number=1):
    """The distinct ballots of the round, by the profile's layout (VOTE-14): each position's candidates in
    surname stroke order (CAN-6). A tie-break vote is among the tied only (VOTE-9): no write-in rows."""
    round_obj = Round.objects.filter(election=election, number=round_number).first()
    contests = round_contests(election, round_obj)
    names = names_of(election, [k for c in contests for k in c["candidates"]])
    write_ins = round_obj is None or round_obj.kind != Round.Kind.TIE_BREAK
    seats, women, candidates = {}, {}, {}
    for contest in contests:
        position = contest["position"]
        seats[position] = seats.get(position, 0) + contest["seats"]
        women[position] = women.get(position, 0) + (contest["seats"] if contest.get("women_only") else 0)
        candidates.setdefault(position, []).extend(names[k][0] for k in contest["candidates"])
    blocks = [Block(p, POSITION_CN[p], seats[p], in_stroke_order(dict.fromkeys(candidates[p])),
                    write_ins=write_ins, women_seats=women[p])
              for p in POSITIONS if p in seats]
    if election.rules.ballot_layout == "separate":
        return [Sheet(_title(election, f"{b.label}选票", round_obj), [b], b.position) for b in blocks]
    for i, block in enumerate(blocks):
        block.number_cn = documents.chinese_number(i + 1)
    return [Sheet(_title(election, "选票", round_obj), blocks, "all")]


def instructions(election, sheet):
    """填写说明: how to mark, and what makes a ballot (or a position on it) invalid (VOTE-8, VOTE-14)."""
    rules = election.rules
    seats = "、".join(f"{b.label}{b.seats}名" for b in sheet.blocks)
    whole = rules.overmark_invalidates == "ballot" or len(sheet.blocks) == 1
    write_ins = any(b.write_ins for b in sheet.blocks)
    marked = "划“同意”的人数与另选他人的人数之和" if write_ins else "划“同意”的人数"
    items = [
        "对候选人，同意的在其姓名后“同意”栏内划“○”，不同意的在“不同意”栏内划“○”，弃权的在“弃权”栏内划“○”；"
        "不划任何符号的，视为弃权。",
        *(["另选他人的，在该职位的“另选他人”栏内写上所选人的姓名，即为同意该人。"] if write_ins else []),
        *[f"{b.label}应选名额中须有女性{b.women_seats}名（委员会成员中应有女性）。" for b in sheet.blocks
          if b.women_seats],
        f"每一职位{marked}，不得多于该职位应选名额（{seats}）；多于应选名额的，"
        + ("整张选票无效。" if whole else "该职位的选票无效，其他职位仍然有效。"),
        "所划符号模糊不清、无法辨认的，该符号不计同意也不计不同意，其余可辨认的部分仍然有效；"
        "未划任何符号的空白选票为有效票。",
    ]
    if len(sheet.blocks) > 1:
        items.append("主任、副主任、委员在同一张选票上选举：投给某人主任的同意票，同时计为其副主任和委员的得票；"
                     "投给某人副主任的同意票，同时计为其委员的得票。")
    items.append("请在秘密写票处用钢笔、签字笔或圆珠笔填写，不得在选票上书写其他内容。")
    return items


def ballot_context(election, sheet, fit):
    for block in sheet.blocks:
        block.set_columns(fit.columns)
    return {
        **documents.common_context(election),
        "document_title": sheet.title,
        "sheet": sheet,
        "instructions": instructions(election, sheet),
        "density": fit.density,
        "margin": MARGIN_MM,
        "serial_box": SERIAL_BOX_MM,
        "voter_cn": documents.VOTER_CN.get(Method(election.method), "选民") if election.method else "选民",
    }


def _serial_box(pdf):
    """Where the template left the serial digits, in points: the part of the box right of its label."""
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    right = float(box.width) - MARGIN_MM["right"] * MM
    top = float(box.height) - MARGIN_MM["top"] * MM
    left = right - (SERIAL_BOX_MM["width"] - SERIAL_BOX_MM["label"]) * MM
    return SerialBox(left=left, right=right, middle=top - SERIAL_BOX_MM["height"] * MM / 2)


def lay_out(election, sheet):
    """The ballot laid out on one sheet: the first fit (FITS) that WeasyPrint sets on a single page."""
    for fit in FITS:
        pdf = printing.render_pdf(TEMPLATE, ballot_context(election, sheet, fit), paper=fit.paper)
        if printing.page_count(pdf) == 1:
            return BallotPage(pdf, _serial_box(pdf)), fit
    raise ValueError(f"The ballot {sheet.title} does not fit one A3 sheet.")


def ballot_pages(election, round_number=1):
    """[BallotPage] of the election's distinct ballots, each laid out once."""
    return [lay_out(election, sheet)[0] for sheet in sheets(election, round_number)]


def serial_texts(first, last, width=4):
    return [f"{n:0{width}d}" for n in range(first, last + 1)]


def serial_width(last):
    return max(4, len(str(last)))


def ballots_pdf(election, first, last, *, round_number=1, width=None, out=None, on_progress=None):
    """The numbered ballots first…last (every distinct ballot for each serial) as PDF bytes, or into `out`."""
    pages = ballot_pages(election, round_number)
    serials = serial_texts(first, last, width or serial_width(last))
    return stamp_ballots(pages, serials, out=out, on_progress=on_progress)


def specimen_pdf(election, round_number=1):
    """Every distinct ballot once, without a serial number: for checking the layout before printing."""
    pdfs = [page.pdf for page in ballot_pages(election, round_number)]
    if len(pdfs) == 1:
        return pdfs[0]
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

"""The posted voter list (选民名单公告, VOT-5) and supplementary lists (选民补充名单, VOT-10) as print documents.

Registered as `voter-list` and `supplementary-list` in elections.documents (print_document and the document
download use them); the voter-list page renders a chosen posting on A4 or A3 through `posting_pdf`.

Only what was frozen at posting is printed (VoterListEntry), with masked numbers (VOT-7): the full identity
number is not even in the context.
"""
import unicodedata
from collections import namedtuple
from itertools import groupby

from django.db import transaction
from django.utils.translation import gettext as _

from elections import documents, printing
from elections.audit import audit_log
from elections.cn_dates import chinese_date

from .models.publication import VoterListEntry, VoterListReposting, VoterListVersion
from .services.objections import objection_last_day

STYLESHEETS = ("print/css/voter_list.css",)
# Voters per row on the notice: name, sex and masked number fit four across A4 portrait at 8pt.
COLUMNS = 4
SEX_CN = documents.SEX_CN
# What the notice prints of an entry (plain tuples: 5,000 model instances cost more than the layout here).
PrintedEntry = namedtuple("PrintedEntry", "name sex masked_id group_name group_number")
Change = VoterListEntry.Change


# --- which posting ---------------------------------------------------------------------------------------

def _main_version(election):
    return VoterListVersion.objects.filter(election=election, kind=VoterListVersion.Kind.MAIN).first()


def _latest_supplementary(election):
    return (VoterListVersion.objects.filter(election=election, kind=VoterListVersion.Kind.SUPPLEMENTARY)
            .order_by("-number").first())


def voter_list_missing(election):
    if _main_version(election) is None:
        return _("The voter list is not posted yet (VOT-5): its notice exists once the list is posted.")
    return None


def supplementary_list_missing(election):
    # A finished election prints that it had none (issue 10, item 5): until then one may still be posted.
    if _latest_supplementary(election) is None and not documents.is_finished(election):
        return _("No supplementary list is posted (VOT-10): additions and removals after posting appear on one "
                 "once it is posted.")
    return None


# --- wording ---------------------------------------------------------------------------------------------

def display_name(name):
    """Two-character names take a full-width space in the middle (王　伟), as Chinese lists align them."""
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name


def _titles(election, suffix):
    return documents.election_title(election, suffix)


def _objection_context(election, version):
    rules = election.rules
    return {"objection_days": rules.objection_window_days,
            "objection_last_day": objection_last_day(election, version.posted_on),
            "decision_days": rules.objection_decision_days}


def _version_context(version):
    election = version.election
    return {
        "version": version,
        "posted_on": version.posted_on,
        "posted_on_cn": chinese_date(version.posted_on),
        **_objection_context(election, version),
    }


# --- voter-list: the main notice --------------------------------------------------------------------------
#
# Speed (5,000 voters in well under 10 s, PRINTING.md): WeasyPrint's cost grows with the number of boxes and
# text runs, so a table row of four voters is ONE <div> of pre-formatted text in a monospaced CJK font
# (Noto Sans Mono CJK SC: a hanzi is exactly two Latin columns), laid out here in columns of characters.
# That is about a third of the time of one <td> per voter. A name longer than its column continues on the
# row's next line, so the columns stay aligned whatever the name.

NAME_COLUMNS = 8            # 4 hanzi
CELL_COLUMNS = NAME_COLUMNS + 1 + 2 + 1 + 18    # name, sex (one hanzi), masked number
GAP_COLUMNS = 3


def char_columns(char):
    """Columns a character takes in the monospaced CJK font: 2 for hanzi, full-width and ambiguous-width
    punctuation (the font draws 「·」 full width), 1 for ASCII and Latin letters."""
    if unicodedata.east_asian_width(char) in "WF":
        return 2
    if unicodedata.east_asian_width(char) == "A" and not (char.isalpha() and ord(char) < 0x0250):
        return 2
    return 1


def text_columns(text):
    return sum(char_columns(c) for c in text)


def _name_lines(name):
    """The name cut into pieces of at most NAME_COLUMNS columns."""
    lines = [""]
    for char in name:
        if text_columns(lines[-1]) + char_columns(char) > NAME_COLUMNS:
            lines.append("")
        lines[-1] += char
    return lines


def _pad(text, columns):
    return text + " " * max(columns - text_columns(text), 0)


def _cell_lines(entry):
    """['王　伟   男 110108********123X'] — more lines when the name is longer than its column."""
    first, *more = _name_lines(display_name(entry.name))
    return ([f"{_pad(first, NAME_COLUMNS)} {SEX_CN.get(entry.sex, '　')} {entry.masked_id}"]
            + [_pad(piece, CELL_COLUMNS) for piece in more])


def _row_text(entries):
    cells = [_cell_lines(e) for e in entries]
    height = max(len(c) for c in cells)
    blank = " " * CELL_COLUMNS
    gap = " " * GAP_COLUMNS
    return "\n".join(gap.join(_pad(c[i], CELL_COLUMNS) if i < len(c) else blank for c in cells).rstrip()
                     for i in range(height))


def _groups(entries):
    groups = []
    for (_number, name), members in groupby(entries, key=lambda e: (e.group_number, e.group_name)):
        members = list(members)
        groups.append({
            "name": name or "未分组", "count": len(members),
            "men": sum(e.sex == "M" for e in members), "women": sum(e.sex == "F" for e in members),
            "rows": [_row_text(members[i:i + COLUMNS]) for i in range(0, len(members), COLUMNS)],
        })
    return groups


def voter_list_context(version):
    election = version.election
    entries = [PrintedEntry(*row) for row in version.entries.order_by("group_number", "id")
               .values_list(*PrintedEntry._fields)]
    return {
        "document_title": _titles(election, "选民名单"),
        **_version_context(version),
        "groups": _groups(entries),
        "voter_count": len(entries),
        "men": sum(e.sex == "M" for e in entries),
        "women": sum(e.sex == "F" for e in entries),
    }


# --- supplementary-list ----------------------------------------------------------------------------------

def _change_rows(entries):
    return [{"group": e.group_name or "未分组", "name": display_name(e.name), "sex": SEX_CN.get(e.sex, ""),
             "masked_id": e.masked_id, "reason": e.reason} for e in entries]


def supplementary_list_context(version):
    election = version.election
    entries = list(version.entries.order_by("group_number", "id"))
    main = _main_version(election)
    return {
        "document_title": _titles(election, "选民补充名单"),
        **_version_context(version),
        "main_posted_on": main.posted_on,
        "sequence_cn": documents.chinese_number(version.number - 1),
        "added": _change_rows([e for e in entries if e.change == Change.ADDED]),
        "removed": _change_rows([e for e in entries if e.change == Change.REMOVED]),
        "voter_count": version.voter_count,
    }


TEMPLATES = {VoterListVersion.Kind.MAIN: "print/voter_list.html",
             VoterListVersion.Kind.SUPPLEMENTARY: "print/supplementary_list.html"}
CONTEXTS = {VoterListVersion.Kind.MAIN: voter_list_context,
            VoterListVersion.Kind.SUPPLEMENTARY: supplementary_list_context}
KINDS = {VoterListVersion.Kind.MAIN: "voter-list", VoterListVersion.Kind.SUPPLEMENTARY: "supplementary-list"}


def print_date(version):
    """The day the notice is dated: its posting, or the day it went up again after a postponement (CAL-4)."""
    again = (VoterListReposting.objects.filter(election=version.election_id, version__number__gte=version.number)
             .order_by("-posted_on").values_list("posted_on", flat=True).first())
    return max(version.posted_on, again) if again else version.posted_on


def posting_pdf(version, paper="A4"):
    """One posting (main or supplementary) as PDF bytes: A4 portrait, or A3 portrait for the notice board."""
    election = version.election
    context = documents.common_context(election) | {"print_date": print_date(version)}
    # The templates size their type by `paper` (A3: × √2 for the notice board).
    context |= CONTEXTS[version.kind](version) | {"paper": paper}
    return printing.render_pdf(TEMPLATES[version.kind], context, stylesheets=STYLESHEETS, paper=paper)


def posting_print(*, version, paper, actor):
    """Render a posting and record who printed it (printed notices are traced, as document_print does)."""
    pdf = posting_pdf(version, paper)
    with transaction.atomic():
        audit_log(actor=actor, action="elections.document.printed", obj=version.election,
                  data={"kind": KINDS[version.kind], "paper": paper, "version": version.number,
                        "bytes": len(pdf)})
    return pdf


def posting_filename(version, paper):
    name = documents.document_filename(version.election, KINDS[version.kind]).removesuffix(".pdf")
    return f"{name}-v{version.number}-{paper}.pdf"


# --- the registry (print_document voter-list / supplementary-list) ----------------------------------------

NO_SUPPLEMENTARY = "本次选举未公布选民补充名单"


def _registry_context(version_of):
    def build(election):
        version = version_of(election)
        if version is None:  # a finished election that posted no supplementary list
            return {"document_title": _titles(election, "选民补充名单"), "none_text": f"{NO_SUPPLEMENTARY}。",
                    "none_detail": "选民名单张榜公布后未作增补、删除。"}
        return CONTEXTS[version.kind](version) | {"print_date": print_date(version)}
    return build


def _supplementary_renderer(election, context, paper):
    if _latest_supplementary(election) is not None:
        return printing.render_pdf(TEMPLATES[VoterListVersion.Kind.SUPPLEMENTARY], context,
                                   stylesheets=STYLESHEETS, paper=paper)
    return printing.render_pdf("print/no_entries.html", context, paper=paper)


def _editions_of(kind):
    """Each posting of that kind, by its number: the versions of the list as they were posted."""
    def editions(election):
        return [(v.number, f"第{v.number}版（{v.posted_on:%Y-%m-%d}）")
                for v in VoterListVersion.objects.filter(election=election, kind=kind).order_by("number")]
    return editions


def _edition_pdf(election, key, paper):
    version = VoterListVersion.objects.select_related("election__community").get(election=election,
                                                                                   number=int(key))
    return posting_pdf(version, paper)


documents.register(
    "voter-list",
    title="选民名单",
    template=TEMPLATES[VoterListVersion.Kind.MAIN],
    context_builder=_registry_context(_main_version),
    availability_check=voter_list_missing,
    stylesheets=STYLESHEETS,
    editions=_editions_of(VoterListVersion.Kind.MAIN),
    edition_renderer=_edition_pdf,
)
documents.register(
    "supplementary-list",
    title="选民补充名单",
    template=TEMPLATES[VoterListVersion.Kind.SUPPLEMENTARY],
    context_builder=_registry_context(_latest_supplementary),
    availability_check=supplementary_list_missing,
    stylesheets=STYLESHEETS,
    renderer=_supplementary_renderer,
    editions=_editions_of(VoterListVersion.Kind.SUPPLEMENTARY),
    edition_renderer=_edition_pdf,
)

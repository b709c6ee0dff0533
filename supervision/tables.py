"""The district statistics as tables — one definition shared by the page and the .xlsx export, so that what
the export holds is what the page shows — and the charts drawn from them as server-rendered SVG (no script:
the CSP allows none inline, and none is needed)."""
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from elections.spreadsheets import xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    label: object
    value: callable
    rule: str = ""
    percent: bool = False


def _c(label, attr, rule="", percent=False):
    return Column(label, (lambda f: getattr(f, attr)) if isinstance(attr, str) else attr, rule, percent)


STREET = _c(gettext_lazy("Street office"), "name")
TABLES = [
    ("progress", gettext_lazy("Progress of the communities"), [
        STREET,
        _c(gettext_lazy("Communities"), "communities"),
        _c(gettext_lazy("Done"), "done", "AFT-1"),
        _c(gettext_lazy("In progress"), "in_progress", "CAL-1"),
        _c(gettext_lazy("Not started"), "not_started"),
        _c(gettext_lazy("Deferred"), "deferred", "ORG-5"),
        _c(gettext_lazy("Done (%)"), "done_share", percent=True),
        _c(gettext_lazy("Pilots"), "pilots", "ORG-6"),
        _c(gettext_lazy("Pilots: direct election"), lambda f: f.pilots_by_method["direct"], "ORG-6"),
        _c(gettext_lazy("Pilots: household representatives"), lambda f: f.pilots_by_method["household"], "ORG-6"),
        _c(gettext_lazy("Pilots: residents' representatives"), lambda f: f.pilots_by_method["representative"],
           "ORG-6"),
        _c(gettext_lazy("Pilots: method not decided"), lambda f: f.pilots_by_method[""], "ORG-6"),
        _c(gettext_lazy("Communities with overdue steps"), "overdue", "ORG-4"),
    ]),
    ("voting", gettext_lazy("Voters and turnout"), [
        STREET,
        _c(gettext_lazy("Registered voters"), "registered", "VOT-4"),
        _c(gettext_lazy("Elections voted"), "voted", "VOTE-2"),
        _c(gettext_lazy("May vote (by method)"), "eligible", "VOTE-3, VOTE-4"),
        _c(gettext_lazy("Took part"), "participants", "VOTE-5"),
        _c(gettext_lazy("Turnout (%)"), "turnout", "VOTE-4", percent=True),
        _c(gettext_lazy("Proxies approved"), "proxies", "PRX-2"),
        _c(gettext_lazy("Ballots collected by proxies"), "proxy_ballots", "PRX-4"),
        _c(gettext_lazy("Mobile-box ballots"), "mobile_ballots", "VOTE-2"),
    ]),
    ("elected", gettext_lazy("Members elected"), [
        STREET,
        _c(gettext_lazy("Results certified"), "certified", "AFT-1"),
        _c(gettext_lazy("Seats"), "seats", "SEAT-1"),
        _c(gettext_lazy("Elected"), "elected", "VOTE-5"),
        _c(gettext_lazy("Vacancies"), "vacancies", "VOTE-10"),
        _c(gettext_lazy("Women"), "women", "SEAT-2"),
        _c(gettext_lazy("Women (%)"), "women_share", "SEAT-2", percent=True),
        _c(gettext_lazy("Committees without a woman"), "without_woman", "SEAT-2"),
        _c(gettext_lazy("Aged 35 or under"), lambda f: f.age_bands["35"], "SEAT-4"),
        _c(gettext_lazy("Aged 36–50"), lambda f: f.age_bands["50"]),
        _c(gettext_lazy("Aged 51–60"), lambda f: f.age_bands["60"]),
        _c(gettext_lazy("Over 60"), lambda f: f.age_bands["over"], "CAN-1"),
        _c(gettext_lazy("Young members (%)"), "young_share", "SEAT-4", percent=True),
        _c(gettext_lazy("35 or under with a college degree"), "young_graduates", "SEAT-4"),
        _c(gettext_lazy("College or above"), lambda f: f.education["college"], "CAN-1"),
        _c(gettext_lazy("Senior high school"), lambda f: f.education["senior"], "CAN-1"),
        _c(gettext_lazy("Below senior high school"), lambda f: f.education["below"], "CAN-1"),
        _c(gettext_lazy("Party members"), "party", "SEAT-4"),
        _c(gettext_lazy("Party members (%)"), "party_share", "SEAT-4", percent=True),
        _c(gettext_lazy("Party secretary elected chair (一肩挑)"), "one_shoulder", "SEAT-4"),
        _c(gettext_lazy("一肩挑 rate (%)"), "one_shoulder_rate", "SEAT-4", percent=True),
        _c(gettext_lazy("Re-elected"), "re_elected"),
        _c(gettext_lazy("Re-elected (%)"), "re_elected_share", percent=True),
    ]),
]


def tables(statistics):
    """[{key, title, headers: [(label, rule)], rows: [[value]], total: [value], html: [row]}]: each table's rows
    per street office and the district total (a percentage with nothing to divide is None). `html` holds the
    rows drawn as table rows once here: a district of 150 street offices has some 20,000 cells, too many to
    draw one template node at a time within the page's time."""
    result = []
    for key, title, columns in TABLES:
        rows = [[c.value(f) for c in columns] for f in statistics.streets]
        result.append({
            "key": key, "title": title, "headers": [(c.label, c.rule) for c in columns],
            "rows": rows, "total": [c.value(statistics.total) for c in columns],
            "html": [_html_row(row) for row in rows],
        })
    return result


def _html_row(values):
    name, *numbers = values
    cells = "".join(f'<td class="text-end">{"—" if v is None else escape(v)}</td>' for v in numbers)
    return mark_safe(f'<tr><th scope="row" class="fw-normal text-nowrap">{escape(name)}</th>{cells}</tr>')  # noqa: S308


def statistics_xlsx(statistics, title):
    """Every table of the page as one sheet each (Chinese headers, the rule cited under each header), the
    district total last. Rows go through xlsx_row: no text is ever written as a formula."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    with translation.override("zh-hans"):
        for table in tables(statistics):
            sheet = workbook.create_sheet(str(table["title"])[:31])
            sheet.column_dimensions["A"].width = 18
            sheet.freeze_panes = "B3"
            sheet.append([title])
            header = []
            for label, rule in table["headers"]:
                cell = WriteOnlyCell(sheet, value=f"{label}（{rule}）" if rule else str(label))
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for row in table["rows"]:
                sheet.append(xlsx_row(sheet, row))
            sheet.append(xlsx_row(sheet, table["total"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- charts (SVG geometry; templates/supervision/_charts.html draws it) -------------------------------------

PROGRESS_COLOURS = [("done", "#198754"), ("in_progress", "#0d6efd"), ("not_started", "#adb5bd"),
                    ("deferred", "#fd7e14")]
LABEL_WIDTH, BAR_WIDTH, ROW = 150, 420, 20
LIGHT = {"#dee2e6", "#adb5bd", "#6ea8fe", "#0dcaf0", "#20c997"}


def progress_chart(statistics):
    """One stacked bar per street office: communities done, in progress, not started, deferred (ORG-5)."""
    labels = {"done": _("Done"), "in_progress": _("In progress"), "not_started": _("Not started"),
              "deferred": _("Deferred")}
    widest = max((f.communities for f in statistics.streets), default=0) or 1
    rows = []
    for i, figures in enumerate(statistics.streets):
        x, segments = LABEL_WIDTH, []
        for attr, colour in PROGRESS_COLOURS:
            n = getattr(figures, attr)
            width = round(BAR_WIDTH * n / widest, 1)
            if n:
                segments.append({"x": x, "width": width, "colour": colour, "n": n, "label": labels[attr]})
            x += width
        rows.append({"y": i * ROW, "text_y": i * ROW + 14, "name": figures.name, "segments": segments,
                     "end": x + 4, "total": figures.communities})
    return {"rows": rows, "height": len(rows) * ROW + 4, "width": LABEL_WIDTH + BAR_WIDTH + 40,
            "legend": [(labels[a], c) for a, c in PROGRESS_COLOURS]}


def turnout_chart(statistics):
    """One bar per street office: turnout of the first round (VOTE-4: more than half must take part)."""
    rows = []
    for i, figures in enumerate(statistics.streets):
        share = figures.turnout
        rows.append({"y": i * ROW, "text_y": i * ROW + 14, "name": figures.name,
                     "width": round(BAR_WIDTH * (share or 0) / 100, 1), "share": share,
                     "end": LABEL_WIDTH + round(BAR_WIDTH * (share or 0) / 100, 1) + 4})
    return {"rows": rows, "height": len(rows) * ROW + 4, "width": LABEL_WIDTH + BAR_WIDTH + 50,
            "half_x": LABEL_WIDTH + BAR_WIDTH / 2, "x": LABEL_WIDTH}


def composition_chart(total):
    """The members elected in the district as four 100 % bars: sex (SEAT-2), age band, education, party
    membership (SEAT-4)."""
    n = total.elected
    bars = [
        (_("Sex"), [(_("Women"), total.women, "#d63384"), (_("Men"), n - total.women, "#6c757d")]),
        (_("Age"), [(_("35 or under"), total.age_bands["35"], "#20c997"), ("36–50", total.age_bands["50"], "#0dcaf0"),
                    ("51–60", total.age_bands["60"], "#6f42c1"), (_("over 60"), total.age_bands["over"], "#495057")]),
        (_("Education"), [(_("College or above"), total.education["college"], "#0d6efd"),
                          (_("Senior high school"), total.education["senior"], "#6ea8fe"),
                          (_("Below"), total.education["below"], "#adb5bd")]),
        (_("Party"), [(_("Party members"), total.party, "#dc3545"), (_("Others"), n - total.party, "#dee2e6")]),
    ]
    rows = []
    for i, (name, parts) in enumerate(bars):
        x, segments = 120, []
        for label, value, colour in parts:
            width = round(960 * value / n, 1) if n else 0
            if value:
                segments.append({"x": x, "width": width, "colour": colour, "label": label, "n": value,
                                 "pct": round(100 * value / n) if n else 0, "text_x": x + 4,
                                 "ink": "#212529" if colour in LIGHT else "#fff"})
            x += width
        rows.append({"y": i * 34, "text_y": i * 34 + 17, "name": name, "segments": segments})
    return {"rows": rows, "height": len(bars) * 34, "width": 1100, "empty": not n}

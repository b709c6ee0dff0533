"""Election-day printables (PRT), registered with elections.documents for print_document and the download URL:
`ballots`, `proxy-list`, `proxy-certificates`, `tally-sheets`, `issuance-register`."""
import io
import math

from django.db.models import Max
from pypdf import PdfWriter

from elections import clock, cn_dates, documents, printing
from elections.legal_calendar import days_before
from elections.models import Method
from voters.documents import char_columns

from . import ballots
from .candidates import POSITIONS, formal_candidates
from .models import BallotBatch, PollingStation, Proxy, Round
from .selectors import eligible_count, register_lines, stations_of
from .services.batches import ballots_missing
from .services.rounds import round_number

REASON_CN = {Proxy.Reason.AGE: "年老体弱", Proxy.Reason.ILLNESS: "患病", Proxy.Reason.DISABILITY: "残疾"}
SEX_CN = documents.SEX_CN
TALLY_COLUMNS = 8  # candidates (and write-in columns) per tally sheet, landscape A4
TALLY_ROWS = 10
TALLY_WRITE_INS = 2


def _title(election, suffix):
    return "".join(_title_lines(election, suffix))


def _title_lines(election, suffix):
    """The title in two lines, as long official titles are set: the election, then what the document is."""
    residents_committee, _committee = documents.community_names(election.community)
    return (f"{residents_committee}{documents.election_name_cn(election)}",
            suffix + ("（演练）" if election.is_rehearsal else ""))


# --- proxy-list (委托投票名单) and proxy-certificates (委托投票证) --------------------------------------------

def approved_proxies(election):
    return list(Proxy.objects.filter(election=election, status=Proxy.Status.APPROVED)
                .select_related("principal__resident__group", "holder__resident__group").order_by("number"))


NO_PROXIES = "本次选举无委托投票"
NO_PROXIES_YET = "截至{day}，尚无经社区选举委员会批准的委托投票（PRX-2）"
REPRESENTATIVES = "本次选举为居民代表选举，不实行委托投票（PRX-1）"


def proxies_missing(election):
    """Before the election is over, no proxy list under the representatives' method (PRX-1); the list with no
    approved proxy prints saying so, and a finished election prints every document (issue 10, item 5)."""
    if election.method == Method.REPRESENTATIVE and not documents.is_finished(election):
        return "居民代表选举不实行委托投票（PRX-1）。"
    return None


def certificates_missing(election):
    """Certificates exist for approved proxies; a finished election prints that it had none."""
    problem = proxies_missing(election)
    if problem or documents.is_finished(election):
        return problem
    if not Proxy.objects.filter(election=election, status=Proxy.Status.APPROVED).exists():
        return "尚无经社区选举委员会批准的委托投票（PRX-2）。"
    return None


def _none_text(election):
    """What an empty proxy list says: none at all once the election is over (or the proxy deadline passed),
    else none so far."""
    if election.method == Method.REPRESENTATIVE:
        return REPRESENTATIVES
    deadline = (days_before(election.election_date, election.rules.proxy_days_before)
                if election.election_date else None)
    if documents.is_finished(election) or (deadline is not None and clock.today() > deadline):
        return NO_PROXIES
    return NO_PROXIES_YET.format(day=cn_dates.chinese_date(clock.today()))


def _proxy_row(proxy):
    principal, holder = proxy.principal.resident, proxy.holder.resident
    return {
        "proxy": proxy, "number": f"{proxy.number:03d}",
        "principal": principal.name, "principal_sex": SEX_CN.get(principal.sex, ""),
        "principal_group": principal.group.name if principal.group else "",
        "principal_id": principal.masked_id,
        "holder": holder.name, "holder_sex": SEX_CN.get(holder.sex, ""),
        "holder_group": holder.group.name if holder.group else "", "holder_id": holder.masked_id,
        "reason": REASON_CN.get(proxy.reason, proxy.reason), "decided_on": proxy.decided_on,
    }


def _proxy_common(election):
    method = Method(election.method) if election.method else Method.DIRECT
    return {"voter_cn": documents.VOTER_CN[method], "proxy_max": election.rules.proxy_max_authorisations}


def proxy_list_context(election):
    rows = [_proxy_row(p) for p in approved_proxies(election)] if election.method != Method.REPRESENTATIVE else []
    holders = {r["proxy"].holder_id for r in rows}
    prefix, suffix = _title_lines(election, "委托投票名单")
    return {"document_title": prefix + suffix, "title_prefix": prefix, "title_suffix": suffix, "rows": rows,
            "holder_count": len(holders), "none_text": _none_text(election), **_proxy_common(election)}


def proxy_certificates_context(election, proxies=None):
    proxies = approved_proxies(election) if proxies is None else proxies
    rows = [_proxy_row(p) for p in proxies]
    # Two certificates to an A4 page, cut apart along the dashed line.
    pages = [rows[i:i + 2] for i in range(0, len(rows), 2)]
    return {"document_title": _title(election, "委托投票证"), "certificates": rows, "pages": pages,
            "none_text": f"{_none_text(election)}。", **_proxy_common(election)}


def _certificates_renderer(election, context, paper):
    template = "print/proxy_certificates.html" if context["certificates"] else "print/no_entries.html"
    return printing.render_pdf(template, context, paper=paper)


def proxy_certificate_pdf(proxy):
    """One approved proxy's certificate (委托投票证), for the proxy's own page."""
    election = proxy.election
    context = {**documents.common_context(election), **proxy_certificates_context(election, [proxy])}
    return printing.render_pdf("print/proxy_certificates.html", context)


# --- tally-sheets (计票单) ---------------------------------------------------------------------------------

def tally_missing(election):
    missing = [p for p, names in formal_candidates(election).items() if not names]
    if missing:
        return "正式候选人尚未确定，无法打印计票单（CAN-4）。"
    return None


def _tally_sheets_of(position, seats, names):
    columns = [{"name": n} for n in names] + [{"write_in": True}] * TALLY_WRITE_INS
    count = math.ceil(len(columns) / TALLY_COLUMNS)
    chunks = [columns[i * TALLY_COLUMNS:(i + 1) * TALLY_COLUMNS] for i in range(count)]
    return [{"position": ballots.POSITION_CN[position], "seats": seats, "columns": chunk,
             "index": i + 1, "of": count}
            for i, chunk in enumerate(chunks)]


def tally_context(election):
    candidates = formal_candidates(election)
    sheets = []
    for position in POSITIONS:
        names = [ballots.display_name(c.name) for c in candidates[position]]
        sheets += _tally_sheets_of(position, election.seats[position], names)
    return {"document_title": _title(election, "计票单"), "sheets": sheets, "rows": range(1, TALLY_ROWS + 1),
            "round_number": round_number(election)}


# --- ballots (选票) ------------------------------------------------------------------------------------------

def ballot_range(election):
    """(first, last) serial of the `ballots` document: every serial the current round's print runs reserved,
    or, before any run, one ballot per voter (household, representative) from 1."""
    batches = BallotBatch.objects.filter(round__election=election, round__number=round_number(election))
    top = batches.aggregate(top=Max("last_serial"))["top"]
    return 1, top or max(1, eligible_count(election))


def ballots_document_pdf(election, context=None, paper=None):
    """Before the vote, the numbered ballots of the current round; once the election is finished, the ballot
    of every round as it was issued (unnumbered, as a template: the serials were on the paper)."""
    if documents.is_finished(election):
        return _merged([ballots.specimen_pdf(election, n) for n in _round_numbers(election)])
    first, last = ballot_range(election)
    return ballots.ballots_pdf(election, first, last, round_number=round_number(election))


def ballots_document_missing(election):
    if documents.is_finished(election) and _round_numbers(election):
        return None
    return ballots_missing(election)


def _round_numbers(election):
    return list(Round.objects.filter(election=election).order_by("number").values_list("number", flat=True))


def _round_editions(election):
    return [(n, f"第{documents.chinese_number(n)}轮") for n in _round_numbers(election)]


def _round_specimen(election, key, paper):
    return ballots.specimen_pdf(election, int(key))


def _merged(pdfs):
    if len(pdfs) == 1:
        return pdfs[0]
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


documents.register("ballots", title="选票", template=ballots.TEMPLATE, context_builder=lambda election: {},
                   availability_check=ballots_document_missing, renderer=ballots_document_pdf,
                   editions=lambda election: _round_editions(election) if documents.is_finished(election) else [],
                   edition_renderer=_round_specimen)


documents.register("proxy-list", title="委托投票名单", template="print/proxy_list.html",
                   context_builder=proxy_list_context, availability_check=proxies_missing)
documents.register("proxy-certificates", title="委托投票证", template="print/proxy_certificates.html",
                   context_builder=proxy_certificates_context, availability_check=certificates_missing,
                   renderer=_certificates_renderer)
documents.register("tally-sheets", title="计票单", template="print/tally_sheets.html", landscape=True,
                   context_builder=tally_context, availability_check=tally_missing)


# --- issuance-register (领票登记册): the paper fallback of election day ------------------------------------

def register_missing(election):
    if not election.method:
        return "选举方式尚未确定，无法打印领票登记册（MTH-1）。"
    if not PollingStation.objects.filter(election=election).exists():
        return "尚未设立投票站，无法打印领票登记册（VOTE-2）。"
    return None


# Speed (issue 13: 3,000 voters took minutes): WeasyPrint's cost grows with its boxes, so — as the voter list
# does (voters/documents.py) — a register line is ONE block of pre-formatted text in the monospaced CJK font
# (a hanzi is two columns), laid out here in columns of characters, plus the signature and note boxes;
# a table cell per field cost about three times as much.
REGISTER_COLUMNS = (("line", "序号", 5), ("name", "姓名", 8), ("sex", "性别", 4), ("group", "居民小组", 14),
                    ("household", "户号", 10), ("id", "公民身份号码", 18))


def _fit(text, columns):
    """`text` cut or padded to `columns` monospaced columns (hanzi count two)."""
    out, used = "", 0
    for char in str(text):
        width = char_columns(char)
        if used + width > columns:
            break
        out, used = out + char, used + width
    return out + " " * (columns - used)


def register_text(rows, household_method):
    """The register's heading and each row's line of text, in the columns of REGISTER_COLUMNS."""
    columns = [c for c in REGISTER_COLUMNS if household_method or c[0] != "household"]
    heading = " ".join(_fit(label, width) for _key, label, width in columns)
    for row in rows:
        row["text"] = " ".join(_fit(row[key], width) for key, _label, width in columns)
        row["note"] = f"由{row['proxy_holder']}代领" if row["proxy_holder"] else ""
    return {"heading": heading, "rows": rows}


def register_context(election):
    """One register per polling station: every voter who may receive a ballot, in resident-group and household
    order, numbered (the numbers the clerk types back in, polling:paper_entry), with a signature column; the
    station's count and a space for the serial numbers of the ballots it received (VOTE-2, VOTE-11)."""
    method = Method(election.method)
    rows = [{"line": line, "name": reg.resident.name, "sex": SEX_CN.get(reg.resident.sex, ""),
             "group": reg.resident.group.name if reg.resident.group else "",
             "household": reg.resident.household.number if reg.resident.household else "",
             "id": reg.resident.masked_id, "proxy_holder": reg.proxy_holder}
            for line, reg in register_lines(election)]
    prefix, suffix = _title_lines(election, "领票登记册")
    return {"document_title": prefix + suffix, "title_prefix": prefix, "title_suffix": suffix,
            "stations": list(stations_of(election)), **register_text(rows, method == Method.HOUSEHOLD),
            "voter_cn": documents.VOTER_CN[method],
            "household_method": method == Method.HOUSEHOLD, "round_number": round_number(election)}


documents.register("issuance-register", title="领票登记册", template="print/issuance_register.html",
                   context_builder=register_context, availability_check=register_missing)

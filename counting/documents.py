"""The results announcement (当选公告) and the report to the street office (选举结果报告单) as print documents
(AFT-1), registered as `results` and `results-report` (print_document and the election_document download).

Both print the result as it was certified (Certification.snapshot): they exist once the committee has
certified it, and never show a count still open to change.
"""
import datetime

from django.utils.translation import gettext as _

from candidates.documents import EDUCATION_CN, POLITICAL_CN, SEX_CN
from candidates.eligibility import COLLEGE_OR_ABOVE, age_on
from elections import documents
from elections.models import Method
from elections.rules.strokes import stroke_sort_key

from .models import Certification

POSITION_CN = documents.POSITION_CN
PURPOSE_CN = {"first": "选举", "further": "另行选举", "tie_break": "得票相等再次投票"}
PARTY = {"cpc", "probationary"}


def _certification(election):
    return Certification.objects.filter(election=election, revoked_at__isnull=True).first()


def results_missing(election):
    if _certification(election) is None:
        return _("The result is not certified yet: the committee certifies it once every round is counted "
                 "(AFT-1).")
    return None


def _title(election, suffix):
    return documents.election_title(election, suffix)


def _age(row, election):
    if not row.get("birth_date") or election.election_date is None:
        return None
    return age_on(datetime.date.fromisoformat(row["birth_date"]), election.election_date)


def elected_rows(snapshot, election):
    """The elected, chair first, then vice-chairs, then members; within a position in surname stroke order
    (按姓氏笔画为序), as notices list them."""
    rows = []
    for position in ("chair", "vice_chair", "member"):
        people = sorted((r for r in snapshot.get("elected", []) if r["position"] == position),
                        key=lambda r: stroke_sort_key(r["name"]))
        for row in people:
            rows.append({**row, "position_cn": POSITION_CN[position],
                         "sex_cn": SEX_CN.get(row.get("sex"), "—"), "age": _age(row, election),
                         "education_cn": EDUCATION_CN.get(row.get("education"), "—"),
                         "political_cn": POLITICAL_CN.get(row.get("political_status"), "—"),
                         "further": row.get("stage", 1) > 1})
    return rows


def _first_round(snapshot):
    counted = [r for r in snapshot.get("rounds", []) if r["stage"] == 1 and r["purpose"] == "first"
               and r["status"] == "closed"]
    return counted[-1] if counted else {}


def _vacancies_cn(snapshot):
    return "、".join(f"{POSITION_CN.get(p, p)}{n}名" for p, n in snapshot.get("vacancies", {}).items() if n)


def _common(election):
    certification = _certification(election)
    snapshot = certification.snapshot
    method = Method(election.method) if election.method else Method.DIRECT
    first = _first_round(snapshot)
    return certification, snapshot, {
        "certification": certification, "snapshot": snapshot, "first": first,
        "method_cn": documents.METHOD_CN[method], "voter_cn": documents.VOTER_CN[method],
        "elected": elected_rows(snapshot, election), "vacancies_cn": _vacancies_cn(snapshot),
        "print_date": certification.certified_on,
    }


def results_context(election):
    certification, snapshot, context = _common(election)
    return {**context, "document_title": _title(election, "当选公告")}


def _seats_cn(seats):
    return "、".join(f"{POSITION_CN.get(p, p)}{n}名" for p, n in seats.items())


def _round_rows(snapshot):
    rows = []
    for r in snapshot.get("rounds", []):
        rows.append({**r, "purpose_cn": PURPOSE_CN.get(r["purpose"], r["purpose"]),
                     "status_cn": {"closed": "有效", "void": "无效"}.get(r["status"], "计票中"),
                     "seats_cn": _seats_cn(r.get("seats", {}))})
    return rows


def _candidate_votes(first, elected):
    """First-round votes per position: [(position_cn, [{name, sex_cn, votes, elected}])]."""
    stage_of = {(e["key"], e["position"]): e.get("stage", 1) for e in elected}
    groups = {}
    for v in first.get("votes", []):
        stage = stage_of.get((v["key"], v["position"]))
        result = "" if stage is None else "当选" if stage == 1 else "另行选举当选"
        row = {**v, "sex_cn": SEX_CN.get(v.get("sex"), "—"), "result": result}
        groups.setdefault(v["position"], []).append(row)
    return [(POSITION_CN.get(p, p), groups[p]) for p in ("chair", "vice_chair", "member") if p in groups]


def _structure(rows):
    """The figures supervisors track (SEAT-2, SEAT-4): women, 35 and under, college or above, party
    members."""
    return {"women": sum(r.get("sex") == "F" for r in rows),
            "young": sum(r["age"] is not None and r["age"] <= 35 for r in rows),
            "college": sum(r.get("education") in COLLEGE_OR_ABOVE for r in rows),
            "party": sum(r.get("political_status") in PARTY for r in rows),
            "secretary_chair": any(r["position"] == "chair" and r.get("is_party_secretary") for r in rows)}


def results_report_context(election):
    certification, snapshot, context = _common(election)
    first = context["first"]
    registered = snapshot.get("registered", 0)
    return {**context, "document_title": _title(election, "结果报告单"),
            "street": election.community.street, "registered": registered,
            "turnout": round(100 * first.get("issued", 0) / registered, 1) if registered else 0,
            "rounds": _round_rows(snapshot),
            "candidate_votes": _candidate_votes(first, snapshot.get("elected", [])),
            "structure": _structure(context["elected"]), "polling": snapshot.get("polling", {})}


documents.register(
    "results",
    title="当选公告",
    template="print/results_notice.html",
    context_builder=results_context,
    availability_check=results_missing,
    one_page=True,
)

documents.register(
    "results-report",
    title="选举结果报告单",
    template="print/results_report.html",
    context_builder=results_report_context,
    availability_check=results_missing,
)

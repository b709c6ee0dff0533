"""The formal-candidate notice (正式候选人公告, CAN-6) and the candidate introductions (候选人介绍, CAN-7) as print
documents, registered as `candidates` and `candidate-introductions` (print_document and the document download
use them). elections.documents imports every app's `documents` module before it reads the registry.

The notice lists the formal candidates per position in surname stroke order (elections/rules/strokes.py), each
with sex, age on election day, education and position; it is dated the day it was posted (or, before posting,
the day it is printed to be posted).
"""
from django.utils.translation import gettext as _

from elections import clock, documents
from elections.models import Meeting, Position
from elections.rules.margin import margin_problems

from .eligibility import age_on
from .models import Candidate
from .services.candidates import candidates_of, formal_counts, latest_posting

POSITION_CN, SEX_CN = documents.POSITION_CN, documents.SEX_CN
EDUCATION_CN = {"none": "未上过学", "primary": "小学", "junior": "初中", "senior": "高中（中专）", "college": "大专",
                "bachelor": "大学本科", "postgraduate": "研究生"}
POLITICAL_CN = {"cpc": "中共党员", "probationary": "中共预备党员", "league": "共青团员", "democratic": "民主党派",
                "masses": "群众"}


def candidates_missing(election):
    """The notice exists once the meeting decided the formal candidates and every position keeps its margin."""
    if not Candidate.objects.filter(election=election, status=Candidate.Status.FORMAL).exists():
        return _("The representatives meeting has not decided the formal candidates yet (CAN-4).")
    problems = margin_problems(formal_counts(election), election.seats, election.rules)
    if problems:
        return "；".join(str(m) for _rule, m in problems) + "（CAN-5）"
    if election.election_date is None:
        return _("Election day is not fixed (CAL-2).")
    return None


def candidate_row(candidate, election_day):
    resident = candidate.nominee.resident
    return {
        "candidate": candidate,
        "name": resident.name,
        "sex": SEX_CN.get(resident.sex, ""),
        "age": age_on(resident.birth_date, election_day),
        "education": EDUCATION_CN.get(resident.education, "—"),
        "political": POLITICAL_CN.get(resident.political_status, "—"),
        "position": POSITION_CN[Position(candidate.position)],
        "committee_introduction": candidate.nominee.committee_introduction,
        "self_introduction": candidate.nominee.self_introduction,
    }


def position_groups(election):
    """[{position, seats, rows}] highest position first; rows in surname stroke order (CAN-6)."""
    formal = candidates_of(election)
    groups = []
    for position, seats in election.seats.items():
        rows = [candidate_row(c, election.election_date) for c in formal if c.position == position]
        if rows:
            groups.append({"position": POSITION_CN[position], "seats": seats, "count": len(rows), "rows": rows})
    return groups


def _title(election, suffix):
    return documents.election_title(election, suffix)


def candidates_context(election):
    posting = latest_posting(election)
    meeting = election.meetings.filter(kind=Meeting.Kind.CANDIDATES).order_by("-held_on", "-id").first()
    return {
        "document_title": _title(election, "正式候选人公告"),
        "groups": position_groups(election),
        "meeting": meeting,
        # The notice carries the day it was posted; before posting, the day it is printed to be posted.
        "print_date": posting.posted_on if posting else clock.today(),
        "posting": posting,
    }


def introductions_context(election):
    return {"document_title": _title(election, "正式候选人介绍"), "groups": position_groups(election)}


documents.register(
    "candidates",
    title="正式候选人公告",
    template="print/candidates_notice.html",
    context_builder=candidates_context,
    availability_check=candidates_missing,
    # A notice of one sheet; a long list (16 candidates and more) is set again in smaller type, then runs on.
    one_page=True,
)
documents.register(
    "candidate-introductions",
    title="正式候选人介绍",
    template="print/candidate_introductions.html",
    context_builder=introductions_context,
    availability_check=candidates_missing,
)

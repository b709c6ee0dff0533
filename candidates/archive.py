"""The candidates app's part of the election archive (AFT-4, elections/archive.py): nominees, nominations, the
negative-list checks, the candidates and their postings; a spreadsheet of the candidates."""
from elections import archive
from elections.spreadsheets import xlsx_table

from .models import Candidate, CandidatePosting, NegativeCheck, Nomination, Nominee, Relation

archive.register(Nominee, rows=lambda election: Nominee.objects.filter(election=election))
archive.register(Nomination, rows=lambda election: Nomination.objects.filter(nominee__election=election))
archive.register(NegativeCheck, rows=lambda election: NegativeCheck.objects.filter(nominee__election=election))
archive.register(Candidate, rows=lambda election: Candidate.objects.filter(election=election))
archive.register(CandidatePosting, rows=lambda election: CandidatePosting.objects.filter(election=election))
archive.register(Relation, rows=lambda election: Relation.objects.filter(election=election))

HEADERS = ["职位", "姓名", "性别", "出生日期", "公民身份号码", "状态", "候选人会议得票", "书面退出日期"]
POSITION_CN = {"chair": "主任", "vice_chair": "副主任", "member": "委员"}
SEX_CN = {"M": "男", "F": "女"}


@archive.register_sheets
def candidates_sheet(election):
    candidates = (Candidate.objects.filter(election=election).select_related("nominee__resident")
                  .order_by("position", "id"))
    rows = ([POSITION_CN.get(c.position, c.position), c.nominee.resident.name,
             SEX_CN.get(c.nominee.resident.sex, ""), c.nominee.resident.birth_date.isoformat(),
             c.nominee.resident.id_number, str(c.get_status_display()), c.votes,
             c.withdrawn_on.isoformat() if c.withdrawn_on else ""] for c in candidates)
    return [("candidates.xlsx", xlsx_table("候选人", HEADERS, rows))]

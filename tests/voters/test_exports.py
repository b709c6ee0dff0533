"""Spreadsheet exports: the current voter list and the problem report (.xlsx), masked numbers unless asked."""
import datetime
import io

from openpyxl import load_workbook

from tests.voters.conftest_publication import *  # noqa: F403
from tests.voters.conftest_publication import add_voters
from voters import eligibility
from voters.exports import export_download, problem_report_xlsx, voter_list_xlsx
from voters.models import Registration
from voters.services.publication import voter_remove_after_posting

DEC = lambda day: datetime.date(2026, 12, day)  # noqa: E731


def _rows(data):
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_voter_list_export_holds_every_confirmed_voter_with_masked_numbers(registering, voters):
    add_voters(registering, 2, status=Registration.Status.REFUSED)
    rows = _rows(voter_list_xlsx(registering))
    assert rows[0] == ["序号", "居民小组", "姓名", "性别", "公民身份号码", "登记类别", "公布后增补"]
    assert len(rows) == 1 + 30
    first = voters[0]
    assert rows[1][:5] == [1, "第一居民小组", first.name, "男" if first.sex == "M" else "女", first.masked_id]
    text = repr(rows)
    assert not any(v.id_number in text for v in voters)


def test_the_voter_list_export_gives_full_numbers_when_asked(registering, voters):
    rows = _rows(voter_list_xlsx(registering, full_ids=True))
    assert {row[4] for row in rows[1:]} == {v.id_number for v in voters}


def test_the_export_follows_the_current_list_after_a_removal(posted, registering, voters, clerk_a):
    voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]), reason_kind="died",
                               reason="病故", actor=clerk_a, on=DEC(12))
    rows = _rows(voter_list_xlsx(registering))
    assert len(rows) == 1 + 29 and voters[0].name not in {row[2] for row in rows[1:]}


def test_the_problem_report_lists_refused_removed_and_problem_registrations_with_reasons(registering, voters):
    add_voters(registering, 2, status=Registration.Status.REFUSED, reason="已迁出本社区")
    add_voters(registering, 1, status=Registration.Status.PENDING, problems=[eligibility.UNDER_AGE])
    rows = _rows(problem_report_xlsx(registering))
    assert rows[0] == ["序号", "居民小组", "姓名", "性别", "公民身份号码", "状态", "问题", "原因"]
    assert len(rows) == 1 + 3
    assert [row[7] for row in rows[1:]].count("已迁出本社区") == 2
    assert sum(1 for row in rows[1:] if row[6]) == 1


def test_an_export_is_recorded_in_the_audit_log(registering, voters, clerk_a):
    from elections.models import AuditLog
    filename, data = export_download(election=registering, actor=clerk_a, kind="voters", full_ids=True)
    assert filename == "110108015001-voter-list-12.xlsx" and data[:2] == b"PK"
    log = AuditLog.objects.get(action="voters.export.downloaded")
    assert log.data["full_ids"] is True and log.actor == clerk_a

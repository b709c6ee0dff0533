"""Spreadsheet exports of the voter side (DESIGN: exports): the current voter list and the problem report.

Written with openpyxl's write-only workbook (rows streamed, constant memory for 20,000 voters). The headers
are Chinese, like the import template, whatever the clerk's UI language. Identity numbers are masked (VOT-7)
unless the caller asks for full numbers, which only the community's own clerks may (the view checks that and
the export is audited). Rows go through elections.spreadsheets.xlsx_row: no text is ever written as a formula.
"""
import io

from django.db import transaction
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from elections import documents
from elections.audit import audit_log
from elections.spreadsheets import xlsx_row

from . import eligibility
from .models import Registration
from .services.publication import confirmed_registrations

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEX_CN = documents.SEX_CN
VOTER_HEADERS = ["序号", "居民小组", "姓名", "性别", "公民身份号码", "登记类别", "公布后增补"]
PROBLEM_HEADERS = ["序号", "居民小组", "姓名", "性别", "公民身份号码", "状态", "问题", "原因"]
VOTER_WIDTHS = [7, 16, 12, 6, 22, 22, 10]
PROBLEM_WIDTHS = [7, 16, 12, 6, 22, 14, 50, 40]


def _workbook(title, headers, widths):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    row = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        row.append(cell)
    sheet.append(row)
    return workbook, sheet


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _id_text(resident, full_ids):
    return resident.id_number if full_ids else resident.masked_id


def voter_list_xlsx(election, *, full_ids=False):
    """The current list (confirmed registrations) in the order of the notice."""
    workbook, sheet = _workbook("选民名单", VOTER_HEADERS, VOTER_WIDTHS)
    with translation.override("zh-hans"):
        registrations = confirmed_registrations(election).iterator(chunk_size=2000)
        for n, registration in enumerate(registrations, start=1):
            resident = registration.resident
            sheet.append(xlsx_row(sheet, [n, resident.group.name if resident.group else "", resident.name,
                                          SEX_CN.get(resident.sex, ""), _id_text(resident, full_ids),
                                          str(registration.get_category_display()),
                                          "是" if registration.after_posting else ""]))
    return _save(workbook)


def problem_registrations(election):
    """Registrations with an eligibility problem, or refused, or removed after posting."""
    return (Registration.objects.filter(election=election)
            .exclude(problems=[], status__in=[Registration.Status.PENDING, Registration.Status.CONFIRMED])
            .select_related("resident__group")
            .order_by("resident__group__number", "resident__household__number", "resident_id"))


def problem_report_xlsx(election, *, full_ids=False):
    workbook, sheet = _workbook("问题报告", PROBLEM_HEADERS, PROBLEM_WIDTHS)
    with translation.override("zh-hans"):
        for n, registration in enumerate(problem_registrations(election).iterator(chunk_size=2000), start=1):
            resident = registration.resident
            problems = "；".join(str(label) for label in eligibility.problem_labels(registration.problems))
            sheet.append(xlsx_row(sheet, [n, resident.group.name if resident.group else "", resident.name,
                                          SEX_CN.get(resident.sex, ""), _id_text(resident, full_ids),
                                          str(registration.get_status_display()), problems,
                                          registration.reason]))
    return _save(workbook)


EXPORTS = {"voters": (voter_list_xlsx, "voter-list"), "problems": (problem_report_xlsx, "problem-report")}


def export_download(*, election, actor, kind, full_ids=False):
    """(filename, bytes) of an export, recorded in the audit log — full identity numbers leaving the system
    are traced (VOT-7)."""
    build, name = EXPORTS[kind]
    data = build(election, full_ids=full_ids)
    with transaction.atomic():
        audit_log(actor=actor, action="voters.export.downloaded", obj=election,
                  data={"kind": kind, "full_ids": full_ids, "bytes": len(data)})
    suffix = "-rehearsal" if election.is_rehearsal else ""
    return f"{election.community.code}-{name}-{election.term}{suffix}.xlsx", data

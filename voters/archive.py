"""The voters app's part of the election archive (AFT-4, elections/archive.py): the community's register as far
as the election refers to it (shared rows, found again by their natural keys), the registrations, the postings
and what changed them; one spreadsheet per voter-list version with complete identity numbers."""
from django.db.models import Q

from elections import archive
from elections.spreadsheets import xlsx_table

from .models import (Absence, ConflictAgreement, Household, Objection, Registration, RegistrationConflict,
                     Resident, ResidentGroup, VoterListChange, VoterListEntry, VoterListReposting, VoterListVersion)

archive.register(ResidentGroup, natural_key=("community", "number"))
archive.register(Household, natural_key=("community", "number"))
archive.register(Resident, natural_key=("community", "id_number"))
archive.register(Registration, rows=lambda election: Registration.objects.filter(election=election))
archive.register(RegistrationConflict, rows=lambda election: RegistrationConflict.objects.filter(
    registrations__election=election).distinct())
archive.register(ConflictAgreement, rows=lambda election: ConflictAgreement.objects.filter(
    Q(keep__election=election) | Q(conflict__registrations__election=election)).distinct())
archive.register(Absence, rows=lambda election: Absence.objects.filter(registration__election=election))
archive.register(VoterListVersion, rows=lambda election: VoterListVersion.objects.filter(election=election))
archive.register(VoterListReposting, rows=lambda election: VoterListReposting.objects.filter(election=election))
archive.register(VoterListEntry, rows=lambda election: VoterListEntry.objects.filter(version__election=election))
archive.register(Objection, rows=lambda election: Objection.objects.filter(election=election))
archive.register(VoterListChange, rows=lambda election: VoterListChange.objects.filter(election=election))

HEADERS = ["序号", "居民小组", "姓名", "性别", "公民身份号码", "变动", "原因"]
CHANGE_CN = {"listed": "列入", "added": "增补", "removed": "删除"}
SEX_CN = {"M": "男", "F": "女"}


@archive.register_sheets
def voter_list_sheets(election):
    """Each posting as it was posted (VOT-5, VOT-10), the identity numbers complete."""
    sheets = []
    for version in VoterListVersion.objects.filter(election=election).order_by("number"):
        entries = (VoterListEntry.objects.filter(version=version).select_related("registration__resident")
                   .order_by("group_number", "id"))
        rows = ([n, e.group_name, e.name, SEX_CN.get(e.sex, e.sex), e.registration.resident.id_number,
                 CHANGE_CN.get(e.change, e.change), e.reason] for n, e in enumerate(entries.iterator(2000), 1))
        title = "选民名单" if version.kind == VoterListVersion.Kind.MAIN else f"选民补充名单{version.number - 1}"
        sheets.append((f"voter-list-v{version.number}.xlsx", xlsx_table(title, HEADERS, rows)))
    return sheets

"""The clerk's path of issue 3's first half, at the size of the seed's community: the template filled with 1,200
residents and a few bad rows, the report, the corrected file, registration and confirmation, all on record."""
import datetime
import io
import random

import openpyxl

from elections.models import AuditLog
from voters import idcard
from voters.importing import COLUMNS, residents_import, template_workbook
from voters.selectors import registered_voter_count
from voters.services.registration import registrations_build, registrations_bulk_confirm

from .helpers import open_registration

HEADERS = [c.header for c in COLUMNS]


def filled_template(rows):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    sheet = workbook["居民信息"]
    sheet.delete_rows(2)  # the example row
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def residents(n=1200, seed=3):
    rng = random.Random(seed)
    rows, household = [], 0
    for i in range(n):
        if i % 3 == 0:
            household += 1
        born = datetime.date(1945, 1, 1) + datetime.timedelta(days=rng.randrange(70 * 365))
        sex = rng.choice("MF")
        rows.append({"姓名": "王" + "伟芳娜敏静丽强磊军洋"[i % 10] + "明华"[i % 2],
                     "公民身份号码": idcard.make("110108", born, (i % 500) * 2 + (sex == "M")),
                     "居民小组": f"第{household // 100 + 1}居民小组", "户号": f"{household // 24 + 1}-{household}",
                     "与户主关系": "户主" if i % 3 == 0 else "配偶" if i % 3 == 1 else "子",
                     "户籍地址": "北京市海淀区怡丽北园", "居住地址": "北京市海淀区怡丽北园", "联系电话": "13800138000"})
    return rows


def test_a_clerk_imports_1200_residents_fixes_the_bad_rows_and_confirms_the_voters(community_a, clerk_a, election_a):
    rows = residents()
    good_id, good_group = rows[10]["公民身份号码"], rows[500]["居民小组"]
    rows[10]["公民身份号码"] = good_id[:-1] + ("1" if good_id[-1] != "1" else "2")  # a mistyped check digit
    rows[500]["居民小组"] = "花园"  # not a group
    rows[900]["联系电话"] = "1380013800"  # a digit short
    report = residents_import(community=community_a, data=filled_template(rows), filename="居民.xlsx", actor=clerk_a)
    assert [(p.row, p.column) for p in report.errors] == [(12, "公民身份号码"), (502, "居民小组"), (902, "联系电话")]
    assert report.new == 1197 and not report.saved
    assert not community_a.residents.exists()

    rows[10]["公民身份号码"], rows[500]["居民小组"], rows[900]["联系电话"] = good_id, good_group, "13800138000"
    report = residents_import(community=community_a, data=filled_template(rows), filename="居民.xlsx", actor=clerk_a)
    assert report.saved and report.new == 1200
    assert community_a.residents.count() == 1200

    election = open_registration(election_a, clerk_a)
    built = registrations_build(election=election, actor=clerk_a)
    assert built.created + built.under_age == 1200
    confirmed, skipped = registrations_bulk_confirm(election=election, actor=clerk_a)
    assert (confirmed, skipped) == (built.created, 0)
    assert registered_voter_count(election) == built.created
    actions = set(AuditLog.objects.filter(election=election).values_list("action", flat=True))
    assert {"voters.residents.imported", "voters.registrations.built", "voters.registrations.bulk_confirmed"} <= actions

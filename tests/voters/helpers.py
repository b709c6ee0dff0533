"""Helpers for the voters tests: residents with valid identity numbers, spreadsheets as bytes."""
import csv
import datetime
import io
import itertools

import openpyxl

from elections.services.elections import election_transition
from tests import factories
from voters import idcard
from voters.importing import COLUMNS
from voters.models import Household, Resident, ResidentGroup

_seq = itertools.count(1)
HEADERS = ["姓名", "公民身份号码", "居民小组", "户号", "与户主关系", "户籍地址", "居住地址", "联系电话"]


def id_number(born=datetime.date(1980, 5, 17), sex="M", region="110108"):
    n = next(_seq) % 500
    return idcard.make(region, born, n * 2 + (1 if sex == "M" else 0))


def chinese_digits(n):
    """42 → "四二": a unique, valid name part (names have no digits)."""
    return "".join("零一二三四五六七八九"[int(d)] for d in str(n))


def group(community, number=1):
    return ResidentGroup.objects.get_or_create(community=community, number=number,
                                               defaults={"name": f"第{number}居民小组"})[0]


def resident(community, *, born=datetime.date(1980, 5, 17), sex="M", name=None, number=None, group_number=1,
             household="1-1-101", **kw):
    g = group(community, group_number)
    h = Household.objects.get_or_create(community=community, number=household, defaults={"group": g})[0]
    return Resident.objects.create(
        community=community, group=g, household=h, name=name or f"测试{chinese_digits(next(_seq))}",
        id_number=number or id_number(born, sex), sex=sex, birth_date=born, relation_to_head="户主", **kw)


def open_registration(election, actor):
    """An election ready for voter registration (committee, method decided, state registration)."""
    factories.ready_for_registration(election, actor)
    return election_transition(election=election, to="registration", actor=actor)


def row(name="张伟", number=None, group="第1居民小组", household="1-1-101", relation="户主",
        hukou="北京市海淀区怡丽北园1号楼1单元101", home="北京市海淀区怡丽北园1号楼1单元101", phone="13800138000",
        **extra):
    data = {"姓名": name, "公民身份号码": number or id_number(), "居民小组": group, "户号": household,
            "与户主关系": relation, "户籍地址": hukou, "居住地址": home, "联系电话": phone}
    data.update(extra)
    return data


def table(rows, headers=None):
    headers = headers or list(dict.fromkeys(HEADERS + [k for r in rows for k in r]))
    return [headers] + [[r.get(h, "") for h in headers] for r in rows]


def xlsx_bytes(rows, headers=None, title_rows=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in title_rows:
        sheet.append(line)
    for line in table(rows, headers):
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8", headers=None):
    out = io.StringIO(newline="")
    csv.writer(out).writerows(table(rows, headers))
    return out.getvalue().encode(encoding)


ALL_HEADERS = [c.header for c in COLUMNS]

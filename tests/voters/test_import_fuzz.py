"""Fuzzing the importers (issue 12): truncated, damaged, re-encoded and random files never crash the import, never
hang it, and every problem reported is a Chinese message (no English library text reaches the clerk)."""
import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voters.importing import parse_file

from .helpers import csv_bytes, id_number, row, table, xlsx_bytes

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ROWS = [row("王建国", id_number()), row("李秀英", id_number(sex="F"), relation="配偶", 出生日期="1980-05-17"),
        row("赵丽", id_number(sex="F"), group="第2居民小组", household="2-1-201", 备注="楼门长")]
XLSX = xlsx_bytes(ROWS)
CSV = csv_bytes(ROWS)
TEXT = CSV.decode()
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data):
    started = time.perf_counter()
    report, _layout, _parsed = parse_file(data, "居民")
    assert time.perf_counter() - started < 5
    for problem in report.errors + report.warnings:
        assert CHINESE.search(problem.message), problem.message
    return report


def test_the_unharmed_files_import():
    assert check(XLSX).ok and check(CSV).ok


@FUZZ
@given(st.sampled_from([XLSX, CSV]), st.floats(0, 1))
def test_truncated_files(data, fraction):
    check(data[:int(len(data) * fraction)])


@FUZZ
@given(st.sampled_from([XLSX, CSV]),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=30))
def test_files_with_damaged_bytes(data, damage):
    damaged = bytearray(data)
    for where, value in damage:
        damaged[int(where * len(damaged))] = value
    check(bytes(damaged))


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5", "shift_jis",
             "latin-1", "cp1252", "utf-32"]


@FUZZ
@given(st.sampled_from(ENCODINGS), st.text(max_size=200), st.integers(0, len(TEXT)))
def test_csv_re_encoded_and_edited(encoding, inserted, where):
    text = TEXT[:where] + inserted + TEXT[where:]
    check(text.encode(encoding, errors="replace"))


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    check(data)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
                                   st.integers(), st.floats(allow_nan=False),
                                   st.dates(), st.none()), max_size=20), max_size=8))
def test_spreadsheets_of_random_cells_under_the_headers(cells):
    headers = table(ROWS)[0]
    check(xlsx_bytes([dict(zip(headers, line)) for line in cells], headers=headers))


def test_a_workbook_needing_a_newer_zip_version_gets_a_chinese_message():
    """Found by the fuzzing above: zipfile raises NotImplementedError for a zip version or method it lacks."""
    damaged = bytearray(XLSX)
    entry = damaged.index(b"PK\x01\x02")  # the first central directory entry
    damaged[entry + 6] = 64  # "version needed to extract": 6.4
    report = check(bytes(damaged))
    assert "已损坏" in report.errors[0].message

"""Hostile spreadsheets (issue 12, item 2): every file of the probe ends in a Chinese message within seconds, with
the database unchanged and memory bounded; an ordinary sheet formatted down to its last row still imports; the
row and cell caps; an upload over the limit is refused before it is read."""
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from elections.models import AuditLog
from voters import importing, reading
from voters.importing import parse_file, residents_import
from voters.models import Household, Resident, ResidentGroup

from . import hostile
from .helpers import HEADERS, csv_bytes, id_number, row

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
LIBRARY_ENGLISH = ["File is not a zip file", "undefined entity", "not well-formed", "Bad CRC", "Error -3",
                   "cannot be read (", "field larger than field limit", "codec can't decode", "Traceback"]


@pytest.fixture(scope="module")
def probe_files(tmp_path_factory):
    """The probe's file set, built once (the bombs take a few seconds to pack)."""
    directory = tmp_path_factory.mktemp("probes")
    files = {}
    for index, (name, build) in enumerate(hostile.PROBES.items()):
        files[name] = directory / f"probe{index}.xlsx"
        files[name].write_bytes(build())
    return files


def assert_chinese(problem):
    text = str(problem.message)
    assert CHINESE.search(text), text
    assert not any(fragment in text for fragment in LIBRARY_ENGLISH), text


@pytest.mark.parametrize("name", list(hostile.PROBES))
def test_every_hostile_file_ends_in_a_chinese_message_in_seconds_and_saves_nothing(name, probe_files, community_a,
                                                                                 clerk_a):
    data = probe_files[name].read_bytes()
    audits = AuditLog.objects.count()

    started = time.perf_counter()
    report = residents_import(community=community_a, data=data, filename="居民.xlsx", actor=clerk_a)
    seconds = time.perf_counter() - started

    assert seconds < 10
    assert not report.saved and report.errors
    for problem in report.errors + report.warnings:
        assert_chinese(problem)
    assert (Resident.objects.count(), ResidentGroup.objects.count(), Household.objects.count()) == (0, 0, 0)
    assert AuditLog.objects.count() == audits


def test_reading_the_hostile_files_stays_under_300_mb(probe_files):
    """Peak memory of a fresh process reading every probe file in turn: VmHWM, the high-water mark of its resident
    memory (not ru_maxrss, which on Linux also counts the memory of the process it was forked from)."""
    script = ("import json, re, sys, time\n"
              "import django\n"
              "django.setup()\n"
              "from voters.importing import parse_file\n"
              "seconds = {}\n"
              "for path in sys.argv[1:]:\n"
              "    data = open(path, 'rb').read()\n"
              "    started = time.perf_counter()\n"
              "    report, layout, parsed = parse_file(data, 'x.xlsx')\n"
              "    seconds[path] = time.perf_counter() - started\n"
              "    del data, report, layout, parsed\n"
              "peak = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)\n"
              "print(json.dumps({'rss_mb': int(peak) / 1024, 'seconds': seconds}))\n")
    result = subprocess.run([sys.executable, "-c", script, *map(str, probe_files.values())], cwd=ROOT,
                            capture_output=True, text=True, timeout=300,
                            env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings",
                                 "DJANGO_DEV": "1"})
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["rss_mb"] < 300, figures
    assert max(figures["seconds"].values()) < 10, figures


def test_an_ordinary_list_formatted_down_to_the_last_row_imports_with_a_note(community_a, clerk_a):
    rows = [row("王建国", id_number()), row("李秀英", id_number(sex="F"), relation="配偶")]
    data = hostile.formatted_down([[r[h] for h in HEADERS] for r in rows])

    report = residents_import(community=community_a, data=data, filename="居民.xlsx", actor=clerk_a)

    assert report.saved and report.new == 2, [str(p) for p in report.errors]
    assert [(w.row, w.column) for w in report.warnings] == [(4, "")]
    assert "第4行到第1004行均为空行" in report.warnings[0].message


def test_residents_below_a_long_run_of_blank_rows_are_not_silently_left_out(community_a):
    good = [row("王建国", id_number())]
    sheet = hostile.header_and_rows([[r[h] for h in HEADERS] for r in good])
    late = row("李秀英", id_number(sex="F"))
    data = hostile.workbook([sheet, hostile.inline_row(5000, [late[h] for h in HEADERS])])

    report = residents_import(community=community_a, data=data, filename="居民.xlsx", actor=None)

    assert [(p.row, p.column) for p in report.errors] == [(5000, "")]
    assert "1000" in report.errors[0].message and not report.saved


def test_the_rows_read_are_capped_blank_ones_included(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS_READ", 40)
    monkeypatch.setattr(importing, "BLANK_RUN", 5)
    lines = [hostile.header_and_rows()]
    for n in range(2, 60):  # a resident on every fourth row, blank rows between: never a run of 5
        lines.append(hostile.inline_row(n, ["王建国"] if n % 4 == 0 else [" "]))
    report, _layout, _parsed = parse_file(hostile.workbook(lines), "x.xlsx")

    assert report.errors[-1].row == 41
    assert "工作表超过40行（含空行）" in report.errors[-1].message


def test_a_cell_over_the_length_cap_is_refused_naming_its_row_and_column():
    sheet = hostile.header_and_rows() + hostile.inline_row(2, ["王" * 2000])
    report, _layout, _parsed = parse_file(hostile.workbook([sheet]), "x.xlsx")
    assert [(p.row, p.column) for p in report.errors] == [(2, "A")]
    assert "A列有" in report.errors[0].message and "最多1000个字符" in report.errors[0].message


def test_a_shared_string_over_the_length_cap_is_refused_where_a_cell_uses_it():
    shared = [f'<?xml version="1.0"?><sst xmlns="{hostile.MAIN}"><si><t>{"x" * 5000}</t></si></sst>']
    sheet = hostile.header_and_rows() + '<row r="3"><c r="C3" t="s"><v>0</v></c></row>'
    report, _layout, _parsed = parse_file(hostile.workbook([sheet], shared), "x.xlsx")
    assert [(p.row, p.column) for p in report.errors] == [(3, "C")]


def test_a_csv_cell_over_the_csv_modules_own_limit_gets_a_chinese_message():
    data = csv_bytes([row("王建国", id_number())]) + b'"' + b"x" * 200_000 + b'"\n'
    report, _layout, _parsed = parse_file(data, "x.csv")
    assert report.errors and report.errors[0].row == 3
    assert_chinese(report.errors[0])


def test_a_workbook_with_too_many_parts_is_refused():
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(reading.MAX_MEMBERS + 1):
            archive.writestr(f"x/{n}.xml", "")
    report, _layout, _parsed = parse_file(out.getvalue(), "x.xlsx")
    assert_chinese(report.errors[0])


def test_an_upload_over_the_limit_is_refused_before_it_is_kept_anywhere(client_as, clerk_a, community_a,
                                                                       monkeypatch, settings):
    """The size limit acts while the body streams in: no temporary file is ever made for it."""
    settings.MAX_UPLOAD_BYTES = 2**20

    def no_temporary_files(*args, **kwargs):
        raise AssertionError("an upload over the limit was written to a temporary file")

    monkeypatch.setattr("django.core.files.uploadedfile.TemporaryUploadedFile.__init__", no_temporary_files)
    upload = SimpleUploadedFile("居民.csv", hostile.over_the_limit(megabytes=3))

    response = client_as(clerk_a).post(reverse("voters:import", args=[community_a.code]), {"file": upload})

    assert response.status_code == 200
    assert "文件超过1 MB" in response.content.decode()
    assert response.context["form"].errors == {"file": ["文件超过1 MB。"]}
    assert Resident.objects.count() == 0


def test_the_hostile_files_through_the_upload_page_get_their_message(client_as, clerk_a, community_a,
                                                                     probe_files):
    client = client_as(clerk_a)
    for name in ("XXE", "renamed PDF", "random bytes", "truncated workbook", "undefined entity"):
        upload = SimpleUploadedFile("居民.xlsx", probe_files[name].read_bytes())
        response = client.post(reverse("voters:import", args=[community_a.code]), {"file": upload})
        report = response.context["report"]
        assert report.errors and response.context["token"] is None, name
        assert_chinese(report.errors[0])
        assert report.errors[0].message in response.content.decode()

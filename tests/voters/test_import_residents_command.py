"""manage.py import_residents --community CODE FILE [--dry-run]: exit 0 when every row is good, 1 otherwise
with each bad row printed as `row N: column: problem` and nothing saved."""
import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from voters.models import Resident

from .helpers import csv_bytes, id_number, row, xlsx_bytes


def rows():
    return [row("王建国", id_number(datetime.date(1962, 3, 1))),
            row("李秀英", id_number(datetime.date(1964, 7, 9), "F"), relation="配偶")]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_residents", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_is_saved(community_a, tmp_path):
    path = tmp_path / "居民.xlsx"
    path.write_bytes(xlsx_bytes(rows()))
    out, _err = run("--community", community_a.code, str(path))
    assert Resident.objects.filter(community=community_a).count() == 2
    assert "2 new" in out


def test_a_dry_run_saves_nothing(community_a, tmp_path):
    path = tmp_path / "居民.xlsx"
    path.write_bytes(xlsx_bytes(rows()))
    out, _err = run("--community", community_a.code, str(path), "--dry-run")
    assert Resident.objects.count() == 0
    assert "2 new" in out


def test_a_bad_row_exits_1_prints_the_row_and_saves_nothing(community_a, tmp_path):
    data = rows()
    data[1]["公民身份号码"] = data[1]["公民身份号码"][:17]
    data.append(row("赵丽", id_number(), phone="12345"))
    path = tmp_path / "居民.xlsx"
    path.write_bytes(xlsx_bytes(data))
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_residents", "--community", community_a.code, str(path), stdout=out,
                     stderr=io.StringIO())
    assert exc.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("row 3: 公民身份号码: ")
    assert lines[1].startswith("row 4: 联系电话: ")
    assert Resident.objects.count() == 0


def test_an_unknown_community_is_an_error(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        run("--community", "999999999999", str(path))


def test_the_exit_status_of_the_real_command(tmp_path):
    """The process's own exit status, as scripts see it (against a throw-away SQLite copy of the test data)."""
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes(rows(), encoding="gbk"))
    broken = rows()
    broken[0]["居民小组"] = ""
    bad.write_bytes(csv_bytes(broken, encoding="gbk"))
    db_file = tmp_path / "cmd.sqlite3"
    env = {**os.environ, "DJANGO_DEV": "1", "DATABASE_URL": f"sqlite:///{db_file}"}
    manage = str(Path(__file__).resolve().parents[2] / "manage.py")
    subprocess.run([sys.executable, manage, "migrate", "-v", "0"], env=env, check=True)
    setup = ("from elections.models import *; d=District.objects.create(code='110108000000', name='海淀区');"
             "s=Street.objects.create(district=d, code='110108015000', name='北太平庄街道');"
             "Community.objects.create(street=s, code='110108015001', name='怡丽北园社区')")
    subprocess.run([sys.executable, manage, "shell", "-c", setup], env=env, check=True)
    result = subprocess.run([sys.executable, manage, "import_residents", "--community", "110108015001", str(bad)],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.startswith("row 2: 居民小组: ")
    result = subprocess.run([sys.executable, manage, "import_residents", "--community", "110108015001", str(good)],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def renamed(community, tmp_path):
    """The two residents imported, then a file giving row 3's identity number (李秀英's) to 李秀云."""
    data = rows()
    path = tmp_path / "居民.xlsx"
    path.write_bytes(xlsx_bytes(data))
    run("--community", community.code, str(path))
    data[1]["姓名"] = "李秀云"
    path.write_bytes(xlsx_bytes(data))
    return path


def test_a_registered_resident_under_another_name_exits_1_naming_the_row(community_a, tmp_path):
    path = renamed(community_a, tmp_path)
    for extra in ([], ["--dry-run"]):
        out = io.StringIO()
        with pytest.raises(CommandError) as exc:
            call_command("import_residents", "--community", community_a.code, str(path), *extra, stdout=out,
                         stderr=io.StringIO())
        assert exc.value.returncode == 1
        assert out.getvalue().splitlines()[0].startswith("row 3: 公民身份号码: ")
        assert "李秀英" in out.getvalue() and "李秀云" in out.getvalue()
    assert Resident.objects.filter(name="李秀英").exists()


def test_accept_name_changes_applies_them(community_a, tmp_path):
    path = renamed(community_a, tmp_path)
    out, _err = run("--community", community_a.code, str(path), "--accept-name-changes")
    assert "row 3: 李秀云" in out and "姓名: 李秀英 → 李秀云" in out
    assert Resident.objects.filter(name="李秀云").exists() and not Resident.objects.filter(name="李秀英").exists()

"""The formal-candidate notice (正式候选人公告, CAN-6) and the introductions (CAN-7) as PDFs: stroke order, page
count, extracted text, and `print_document candidates`."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from candidates.services.nominations import introductions_update
from elections import documents
from elections.models import AuditLog

from .conftest import decide, post_candidates, ready_nominee, rows_for

# Same-stroke pairs: 王 and 方 have 4 strokes (王 starts 横, 方 starts 点); 伟 (6) before 芳 (7) after 王;
# the compound surnames 司马 (司, 5) and 欧阳 (欧, 8), and the single 欧 before 欧阳.
MEMBERS = ["欧阳娜娜", "王芳", "司马光", "方明", "丁一", "欧明", "王伟"]
IN_STROKE_ORDER = ["丁一", "王伟", "王芳", "方明", "司马光", "欧明", "欧阳娜娜"]


def pdf_text(pdf):
    """The extracted text with all whitespace removed: lines may break inside a phrase or a date."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def stroke_list(nominating, clerk_a):
    people = {"chair": [ready_nominee(nominating, name, clerk_a, ["chair"]) for name in ("赵主任", "李主任")],
              "vice_chair": [ready_nominee(nominating, name, clerk_a, ["vice_chair"], sex="F", education="bachelor")
                             for name in ("孙副", "周副")],
              "member": [ready_nominee(nominating, name, clerk_a, ["member"]) for name in MEMBERS]}
    decide(nominating, clerk_a, rows_for(people))
    return nominating


def test_can_6_the_notice_lists_each_position_in_surname_stroke_order(stroke_list, clerk_a):
    post_candidates(stroke_list, clerk_a, datetime.date(2026, 12, 17))
    pdf = documents.render_document(stroke_list, "candidates")
    text = pdf_text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    positions = [text.index(name) for name in IN_STROKE_ORDER]
    assert positions == sorted(positions)
    assert text.index("李主任") < text.index("赵主任") < text.index("孙副") < text.index("周副") < text.index("丁一")


def test_can_6_the_notice_says_sex_age_education_position_and_is_dated_and_sealed(stroke_list, clerk_a):
    post_candidates(stroke_list, clerk_a, datetime.date(2026, 12, 17))
    text = pdf_text(documents.render_document(stroke_list, "candidates"))
    assert "怡丽北园社区居民委员会第十二届换届选举正式候选人公告" in text
    assert "按姓氏笔画为序" in text
    assert "委员候选人（应选3名，候选人7名）" in text
    # 孙副: a woman born 1980-05-01, 46 on election day, with a bachelor's degree, for vice-chair.
    assert "孙副女46大学本科群众副主任" in text
    assert "丁一男46高中（中专）群众委员" in text
    assert "（盖章）" in text and "怡丽北园社区选举委员会" in text
    assert "二〇二六年十二月十七日" in text  # the day it was posted
    assert "二〇二六年十二月二十日" in text  # election day, on which ages are counted


def test_can_7_the_introductions_print_both_texts(stroke_list, clerk_a):
    nominee = next(n for n in stroke_list.nominees.all() if n.resident.name == "司马光")
    introductions_update(nominee=nominee, actor=clerk_a, committee_introduction="热心社区公益十余年。",
                         self_introduction="当选后将致力于加装电梯。")
    text = pdf_text(documents.render_document(stroke_list, "candidate-introductions"))
    assert "正式候选人介绍" in text and "组织介绍：热心社区公益十余年。" in text
    assert "本人介绍：当选后将致力于加装电梯。" in text
    assert text.index("丁一") < text.index("司马光") < text.index("欧阳娜娜")


def test_the_notice_does_not_exist_before_the_meeting(nominating):
    with pytest.raises(documents.DocumentUnavailable):
        documents.render_document(nominating, "candidates")


def test_print_document_candidates_writes_the_notice(stroke_list, tmp_path, capsys):
    out = tmp_path / "candidates.pdf"
    call_command("print_document", "candidates", "--community", stroke_list.community.code, "-o", str(out))
    assert "欧阳娜娜" in pdf_text(out.read_bytes())
    assert "1 page" in capsys.readouterr().out
    assert AuditLog.objects.filter(action="elections.document.printed", data__kind="candidates").exists()


def test_print_document_candidates_fails_before_the_meeting(nominating, tmp_path):
    with pytest.raises(CommandError):
        call_command("print_document", "candidates", "--community", nominating.community.code,
                     "-o", str(tmp_path / "x.pdf"))

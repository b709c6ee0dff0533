"""The posted voter-list notice (选民名单公告, VOT-5/VOT-7) and the supplementary list (VOT-10) as PDFs."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from elections import documents
from elections.models import AuditLog
from tests.voters.conftest_publication import *  # noqa: F403
from tests.voters.conftest_publication import add_residents, add_voters
from voters.documents import display_name, posting_pdf
from voters.models import Registration
from voters.services.publication import (supplementary_list_publish, voter_add_after_posting,
                                         voter_list_publish, voter_remove_after_posting)

DEC = lambda day: datetime.date(2026, 12, day)  # noqa: E731
A4 = (595, 842)
A3 = (842, 1191)


def pdf_pages(pdf):
    return PdfReader(io.BytesIO(pdf)).pages


def pdf_text(pdf):
    """The extracted text without whitespace (lines break inside phrases; 王　伟 has a full-width space)."""
    return "".join("".join(page.extract_text() for page in pdf_pages(pdf)).split())


def page_size(page):
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


@pytest.fixture
def big_list(registering, clerk_a):
    """600 voters in 3 groups, posted on the last allowed day."""
    residents = add_voters(registering, 600, groups=3)
    return voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10)), residents


def test_vot_5_the_notice_names_every_voter_under_the_group_headings(big_list):
    version, residents = big_list
    pdf = posting_pdf(version, "A4")
    pages = pdf_pages(pdf)
    assert len(pages) == 3
    assert {page_size(p) for p in pages} == {A4}
    text = pdf_text(pdf)
    assert "怡丽北园社区居民委员会第十二届换届选举选民名单" in text
    assert "二〇二六年十二月十日" in text  # the posting date, the Chinese way
    for heading in ("第一居民小组（共200名", "第二居民小组（共200名", "第三居民小组（共200名"):
        assert heading in text
    assert "登记选民共600名" in text
    assert all(r.name in text for r in residents)
    assert "第1页共3页" in text and "第3页共3页" in text


def test_vot_7_the_notice_shows_masked_numbers_and_never_a_full_one(big_list):
    version, residents = big_list
    text = pdf_text(posting_pdf(version, "A4"))
    assert residents[0].masked_id in text and residents[-1].masked_id in text
    assert not [r.id_number for r in residents if r.id_number in text]
    assert not [r.id_number[6:14] for r in residents if r.id_number[6:14] + r.id_number[-4:] in text]


def test_vot_6_the_notice_says_how_long_objections_are_received(posted):
    text = pdf_text(posting_pdf(posted, "A4"))
    assert "对名单有不同意见的，可在公布之日起5日内" in text
    assert "二〇二六年十二月十五日止）向怡丽北园社区选举委员会提出申诉" in text
    assert "（盖章）" in text and "怡丽北园社区选举委员会二〇二六年十二月十日" in text


def test_the_notice_on_a3_is_the_same_list_enlarged_for_the_board(big_list):
    version, _residents = big_list
    pages = pdf_pages(posting_pdf(version, "A3"))
    assert len(pages) == 3 and {page_size(p) for p in pages} == {A3}


def test_names_of_two_characters_take_a_full_width_space():
    assert (display_name("王伟"), display_name("欧阳娜娜"), display_name("张秀英")) == ("王\u3000伟", "欧阳娜娜", "张秀英")


# --- the supplementary list -------------------------------------------------------------------------------

def test_vot_10_the_supplementary_list_prints_additions_and_removals_with_reasons(posted, registering, voters,
                                                                                clerk_a):
    newcomer = add_residents(registering.community, 1)[0]
    voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in",
                            reason="12月12日迁入5号楼", actor=clerk_a, on=DEC(12))
    voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]), reason_kind="died",
                               reason="12月11日病故", actor=clerk_a, on=DEC(12))
    version = supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(13))
    pdf = posting_pdf(version, "A4")
    assert len(pdf_pages(pdf)) == 1
    text = pdf_text(pdf)
    assert "怡丽北园社区居民委员会第十二届换届选举选民补充名单" in text
    assert "一、增补选民（1名）" in text and "二、删除选民（1名）" in text
    assert "".join(newcomer.name.split()) in text and "迁入本社区：12月12日迁入5号楼" in text
    assert "死亡：12月11日病故" in text and newcomer.masked_id in text
    assert "登记选民共30名" in text and "二〇二六年十二月十三日" in text
    assert newcomer.id_number not in text and voters[0].id_number not in text


# --- print_document and the registry ------------------------------------------------------------------------

def test_print_document_voter_list_is_unavailable_before_posting(registering, voters):
    with pytest.raises(documents.DocumentUnavailable):
        documents.render_document(registering, "voter-list")
    with pytest.raises(CommandError):
        call_command("print_document", "voter-list", "--community", registering.community.code,
                     "-o", "/dev/null")


def test_print_document_writes_the_voter_list_and_the_supplementary_list(posted, registering, voters, clerk_a,
                                                                         tmp_path, capsys):
    out = tmp_path / "list.pdf"
    call_command("print_document", "voter-list", "--community", registering.community.code, "-o", str(out))
    assert len(pdf_pages(out.read_bytes())) == 1 and "1 page" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("print_document", "supplementary-list", "--community", registering.community.code,
                     "-o", str(tmp_path / "none.pdf"))
    voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]),
                               reason_kind="moved_out", reason="迁出", actor=clerk_a, on=DEC(12))
    supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(13))
    out = tmp_path / "supplementary.pdf"
    call_command("print_document", "supplementary-list", "--community", registering.community.code,
                 "-o", str(out))
    assert "选民补充名单" in pdf_text(out.read_bytes())
    assert AuditLog.objects.filter(action="elections.document.printed").count() == 2


def test_the_grid_keeps_its_columns_aligned_when_a_name_is_longer_than_its_column():
    from voters.documents import CELL_COLUMNS, GAP_COLUMNS, PrintedEntry, _row_text, text_columns
    entries = [PrintedEntry("阿依古丽·吐尔逊", "F", "650102********1234", "第一居民小组", 1),
               PrintedEntry("王伟", "M", "110108********0011", "第一居民小组", 1),
               PrintedEntry("欧阳娜娜", "F", "110108********002X", "第一居民小组", 1)]
    first, second = _row_text(entries).split("\n")
    assert first.startswith("阿依古丽 女 650102********1234")
    assert second.rstrip() == "·吐尔逊"
    pitch = CELL_COLUMNS + GAP_COLUMNS
    # Every cell starts at a multiple of the pitch, counted in the font's columns (a hanzi is two).
    assert text_columns(first[:first.index("王")]) == pitch
    assert text_columns(first[:first.index("欧阳")]) == 2 * pitch
    assert "王\u3000伟" in first


def test_a_long_name_prints_whole_across_two_lines(registering, clerk_a):
    residents = add_voters(registering, 3)
    residents[1].name = "阿依古丽·吐尔逊"
    residents[1].save(update_fields=["name"])
    version = voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    text = pdf_text(posting_pdf(version, "A4"))
    assert "阿依古丽" in text and "·吐尔逊" in text

"""The registered printables (print_document ballots / proxy-list / proxy-certificates / tally-sheets):
page counts, extracted Chinese text, availability, the Chinese date and seal area."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from elections import clock, documents
from elections.cn_dates import chinese_date
from elections.states import State
from polling import testing
from polling.documents import TALLY_COLUMNS, proxy_certificate_pdf
from polling.services.proxies import proxy_apply, proxy_approve

from .conftest import CANDIDATES, page_texts, pdf_pages, with_method

DAY = datetime.date(2026, 12, 10)
CODE = "110108015001"


@pytest.fixture
def proxies(direct_election, voters):
    made = []
    with clock.travelling_to(DAY):
        for principal, holder in [(voters[1], voters[0]), (voters[2], voters[0]), (voters[4], voters[3])]:
            proxy = proxy_apply(election=direct_election, principal=principal, holder=holder, reason="age",
                                authorisation_signed_on=DAY, authorisation_note="委托书", actor=None,
                                applied_on=DAY)
            made.append(proxy_approve(proxy=proxy, actor=None, decided_on=DAY))
    return made


def test_prx_the_proxy_list_names_who_votes_for_whom(direct_election, proxies):
    pdf = documents.render_document(direct_election, "proxy-list")

    texts = page_texts(pdf)
    assert len(texts) == 1
    assert "委托投票名单" in texts[0] and "特此公告" in texts[0]
    for proxy in proxies:
        assert proxy.principal.resident.name in texts[0] and proxy.holder.resident.name in texts[0]
    assert "年老体弱" in texts[0]
    # the seal area over the date written the Chinese way
    assert "（盖章）" in texts[0] and chinese_date(timezone.localdate()) in texts[0]
    # VOT-7: what is posted shows no identity number.
    assert proxies[0].principal.resident.id_number not in texts[0]


def test_prx_certificates_print_two_to_a_page_one_per_approved_proxy(direct_election, proxies):
    pdf = documents.render_document(direct_election, "proxy-certificates")

    texts = page_texts(pdf)
    assert len(texts) == 2
    assert texts[0].count("委托投票证") == 2 and texts[1].count("委托投票证") == 1
    assert "委字第001号" in texts[0] and "委字第003号" in texts[1]
    assert proxies[0].principal.resident.masked_id in texts[0]
    assert proxies[0].principal.resident.id_number not in "".join(texts)


def test_prx_one_proxys_certificate_prints_on_its_own(direct_election, proxies):
    texts = page_texts(proxy_certificate_pdf(proxies[2]))

    assert len(texts) == 1 and "委字第003号" in texts[0] and "二〇二六年十二月十日" in texts[0]


def test_prx_1_no_proxy_documents_under_the_representatives_method(direct_election, voters):
    election = with_method(direct_election, "representative")

    with pytest.raises(documents.DocumentUnavailable):
        documents.render_document(election, "proxy-list")


def test_prx_no_proxy_documents_before_one_is_approved(direct_election, voters):
    with pytest.raises(documents.DocumentUnavailable):
        documents.render_document(direct_election, "proxy-certificates")


def test_tally_sheets_have_a_column_per_candidate_on_landscape_a4(direct_election, candidates):
    pdf = documents.render_document(direct_election, "tally-sheets")

    pages = pdf_pages(pdf)
    texts = page_texts(pdf)
    assert len(pages) == 3  # chair, vice-chair, members
    assert float(pages[0].mediabox.width) > float(pages[0].mediabox.height)
    for name in CANDIDATES["member"]:
        assert name in texts[2]
    assert all("计票单" in t and "计票人" in t and "唱票人" in t and "监票人" in t and "合计" in t for t in texts)
    assert texts[0].index("王建国") < texts[0].index("刘芳")  # stroke order (CAN-6)


def test_tally_sheets_split_a_long_candidate_list_over_several_sheets(direct_election):
    election = testing.set_state(direct_election, State.NOMINATION, member_seats=7)
    names = testing.chinese_names(24, seed=9)
    testing.make_formal_candidates(election, {"chair": names[:2], "vice_chair": names[2:4],
                                              "member": names[4:]})

    texts = page_texts(documents.render_document(election, "tally-sheets"))
    member_sheets = -(-(20 + 2) // TALLY_COLUMNS)
    assert len(texts) == 2 + member_sheets
    assert "第1张，共3张" in texts[2] and "第3张，共3张" in texts[4]
    assert all(name in "".join(texts) for name in names)


def test_tally_sheets_need_the_formal_candidates(direct_election):
    with pytest.raises(documents.DocumentUnavailable):
        documents.render_document(direct_election, "tally-sheets")


def test_every_election_day_kind_is_registered():
    assert {"ballots", "proxy-list", "proxy-certificates", "tally-sheets"} <= set(documents.kinds())


def test_print_document_writes_the_tally_sheets(direct_election, candidates, tmp_path):
    out = tmp_path / "tally.pdf"

    call_command("print_document", "tally-sheets", "--community", CODE, "-o", str(out), stdout=io.StringIO())
    assert len(pdf_pages(out.read_bytes())) == 3


def test_print_document_ballots_is_refused_before_the_formal_candidates(direct_election, voters, tmp_path):
    testing.set_state(direct_election, State.NOMINATION)

    with pytest.raises(CommandError):
        call_command("print_document", "ballots", "--community", CODE, "-o", str(tmp_path / "b.pdf"))


def test_print_document_ballots_prints_one_numbered_ballot_per_voter(direct_election, voters, candidates,
                                                                     tmp_path):
    testing.set_state(direct_election, State.NOMINATION)
    out = tmp_path / "ballots.pdf"

    call_command("print_document", "ballots", "--community", CODE, "-o", str(out), stdout=io.StringIO())
    texts = page_texts(out.read_bytes())
    # 12 voters and the 8 candidates, who are voters too
    assert len(texts) == 20
    assert texts[0].endswith("0001") and texts[-1].endswith("0020")

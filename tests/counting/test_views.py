"""The counting pages as the committee uses them: the ballot grid, the counters' sheet, differences, closing a
round, certifying, the charts; the street office's decision page."""
import pytest
from django.urls import reverse

from counting.models import BallotLine, CountRound, TallyBox, TallyEntry
from elections.states import State
from tests.counting.helpers import counting_setup, issue

from .test_scenarios import CANDIDATES, CLEAN, SEPARATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(community_a, clerk_a):
    s = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    issue(s, 20)
    return s


def open_box(client, setup, mode):
    client.post(reverse("counting:box_open", args=[setup.election.pk]),
                {"station": setup.station.pk, "mode": mode})
    return TallyBox.objects.get(count_round__election=setup.election, station=setup.station)


def start(client, setup, box):
    response = client.post(reverse("counting:entry_start", args=[setup.election.pk, box.pk]))
    return TallyEntry.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def grid_row(setup, r, keys):
    """Form data of grid row r from {(position, name): key}."""
    return {f"r{r}-m-{position}-{setup.ids[name]}": key for (position, name), key in keys.items()}


def test_the_ballot_grid_saves_typed_rows_and_skips_empty_ones(client_as, clerk_a, setup):
    client = client_as(clerk_a)
    box = open_box(client, setup, "ballots")
    entry = start(client, setup, box)
    data = {"rows": 3, **grid_row(setup, 0, {("chair", "安国强"): "1", ("chair", "白建军"): "2",
                                              ("member", "刘芳"): "3"}),
            "r0-w-member": "王五", "r0-serial": "0007", **grid_row(setup, 2, {("chair", "安国强"): "0"})}
    response = client.post(reverse("counting:entry", args=[setup.election.pk, entry.pk]), data)
    assert response.status_code == 302
    rows = list(BallotLine.objects.filter(entry=entry).order_by("number"))
    assert [(r.number, r.serial) for r in rows] == [(1, "0007"), (2, "")]
    a, b, w = setup.ids["安国强"], setup.ids["白建军"], setup.ids["刘芳"]
    assert rows[0].marks == f'{{"chair":{{"a":[{a}],"d":[{b}]}},"member":{{"u":[{w}],"w":["王五"]}}}}'
    assert rows[1].marks == "{}"  # 0 typed: a blank ballot


def test_a_grid_row_with_a_wrong_key_is_shown_again_with_its_error(client_as, clerk_a, setup):
    client = client_as(clerk_a)
    box = open_box(client, setup, "ballots")
    entry = start(client, setup, box)
    response = client.post(reverse("counting:entry", args=[setup.election.pk, entry.pk]),
                           {"rows": 2, **grid_row(setup, 1, {("chair", "安国强"): "7"})})
    assert response.status_code == 400
    assert response.context["grid_errors"][0][0] == 2
    assert not BallotLine.objects.filter(entry=entry).exists()


def test_two_clerks_count_a_box_by_totals_close_certify_and_print(client_as, clerk_a, clerk_a2, setup):
    sheet = {"returned": 20, "valid": 20, "invalid": 0, "blank": 0}
    for name, votes in CLEAN.items():
        sheet.update({f"v-{name}-{setup.key(n)}": v for n, v in votes.items()})
    client = client_as(clerk_a)
    box = open_box(client, setup, "totals")
    for user in (clerk_a, clerk_a2):
        client = client_as(user)
        entry = start(client, setup, box)
        client.post(reverse("counting:entry", args=[setup.election.pk, entry.pk]), sheet)
        response = client.post(reverse("counting:entry_submit", args=[setup.election.pk, entry.pk]), {})
        assert response.status_code == 302
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED
    client.post(reverse("counting:round_close", args=[setup.election.pk, 1]))
    assert CountRound.objects.get(election=setup.election).status == CountRound.Status.CLOSED

    page = client.get(reverse("counting:results", args=[setup.election.pk]))
    assert page.status_code == 200
    assert page.context["results"].next.may_certify
    charts = page.context["round_charts"][0]["charts"]
    assert [c["position"] for c in charts] == ["chair", "vice_chair", "member"]
    assert charts[0]["rows"][0]["votes"] == 15 and charts[0]["threshold"] == 11
    assert charts[0]["rows"][0]["pct"] == 75.0 and charts[0]["threshold_pct"] == 55.0
    assert page.context["turnout"]["participants"] == 20 and page.context["turnout"]["needed"] == 15

    client.post(reverse("counting:certify", args=[setup.election.pk]), {})
    assert setup.refresh().state == State.CERTIFIED
    pdf = client.get(reverse("election_document", args=[setup.election.pk, "results"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_differences_are_resolved_on_the_box_page(client_as, clerk_a, clerk_a2, setup):
    client = client_as(clerk_a)
    box = open_box(client, setup, "ballots")
    for user, key in ((clerk_a, "1"), (clerk_a2, "2")):
        client = client_as(user)
        entry = start(client, setup, box)
        client.post(reverse("counting:entry", args=[setup.election.pk, entry.pk]),
                    {"rows": 1, **grid_row(setup, 0, {("chair", "安国强"): key})})
        # a ballot that approves nobody counts as blank: 1 of 1 is above 3%, the typist confirms it (VOTE-8)
        client.post(reverse("counting:entry_submit", args=[setup.election.pk, entry.pk]),
                    {"returned": 1, "reason": "已核对"})
    page = client.get(reverse("counting:box", args=[setup.election.pk, box.pk]))
    [difference] = page.context["differences"]
    assert difference["label"].endswith("安国强") and difference["first"] != difference["second"]
    client.post(reverse("counting:resolve", args=[setup.election.pk, box.pk]),
                {f"d-{difference['diff'].pk}": "second", "reason": "原件为不同意"})
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED


def test_the_supervisor_reads_the_results_without_the_certify_form_and_records_a_decision(
        client_as, supervisor_a, setup, clerk_a):
    client = client_as(supervisor_a)
    page = client.get(reverse("counting:results", args=[setup.election.pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert b'action="/counting/elections/' not in page.content or b"certify" not in page.content
    decisions = client.get(reverse("counting:decisions", args=[setup.election.pk]))
    assert decisions.context["can_supervise"]


def test_the_ballots_of_a_tie_break_vote_print_from_the_ballots_tab_listing_only_the_tied(
        client_as, clerk_a, clerk_a2, supervisor_a, setup, settings, tmp_path, django_capture_on_commit_callbacks):
    import io

    from pypdf import PdfReader

    from counting.services.rounds import round_close, round_next_open
    from polling.models import BallotBatch
    from tests.counting.helpers import enter_twice, first_round, totals_by_key

    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path, tmp_path / "private"
    count_round = first_round(setup, clerk_a)
    votes = {**CLEAN, "member": {"范卫东": 16, "高建华": 15, "黄立新": 12, "金海涛": 12, "刘芳": 3}}
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=20, valid=20, invalid=0,
                totals=totals_by_key(setup, votes))
    round_close(count_round=count_round, actor=clerk_a)
    round_next_open(election=setup.election, actor=clerk_a)

    url = reverse("polling:ballots", args=[setup.election.pk])
    page = client_as(clerk_a).get(url)
    assert page.status_code == 200 and page.context["problem"] is None
    assert [b.names for b in page.context["blocks"]] == [["金海涛", "黄立新"]]  # CAN-6: 金 8 strokes, 黄 11
    assert client_as(supervisor_a).post(url, {"voters": 3, "spare": 0}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):  # the print job is queued on commit
        client_as(clerk_a).post(url, {"voters": 3, "spare": 0})
    batch = BallotBatch.objects.get(round__number=2)
    assert (batch.job.status, batch.first_serial, batch.last_serial) == ("done", 1, 3)
    response = client_as(clerk_a).get(reverse("polling:batch_download", args=[setup.election.pk, batch.pk]))
    pages = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    text = pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert len(pages) == 3 and "再次投票" in text and "第二轮" in text and "0001" in text
    assert "黄立新" in text and "金海涛" in text and "范卫东" not in text
    assert "另选他人" not in text  # VOTE-9: a new vote among the tied only, no write-ins offered or explained

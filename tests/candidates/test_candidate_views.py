"""The issue's "done when", through the pages as a clerk would use them: nominations for a 7-seat committee, one
nominee rejected on a negative finding, one age warning overridden, the meeting stopped when the margin is short
and recorded once fixed, the notice posted in stroke order; the supervisor sees the override and the indicators."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from candidates.models import Candidate, Nominee
from elections.models import Meeting, Override
from elections.services.elections import election_update

from .conftest import add_resident, to_nomination

NAMES = {"chair": ["欧阳明", "丁建国"], "vice_chair": ["王秀英", "方华"],
         "member": ["司马青", "王伟", "李娜", "张强", "刘洋", "陈静", "杨帆"]}


def post(client, name, args, data):
    return client.post(reverse(f"candidates:{name}", args=args), data)


@pytest.fixture
def seven_seats(election_a, clerk_a):
    """Election A with 1 chair, 1 vice-chair and 5 members (7 seats), in the nomination phase."""
    election_update(election=election_a, actor=clerk_a, member_seats=5)
    return to_nomination(election_a, clerk_a)


def nominate_everyone(client, election):
    today = timezone.localdate().isoformat()
    residents = {}
    for position, names in NAMES.items():
        for name in names:
            kw = {"birth_date": datetime.date(1960, 1, 1)} if name == "丁建国" else {}
            resident = add_resident(election, name, sex="F" if name in ("王秀英", "李娜", "陈静") else "M", **kw)
            residents[name] = resident
            response = post(client, "nomination_new", [election.pk], {
                "resident": resident.pk, "source": "self", "positions": [position], "nominated_on": today})
            assert response.status_code == 302, response.context["form"].errors
    return {n.resident.name: n for n in Nominee.objects.filter(election=election).select_related("resident")}


def check_all(client, election, nominee, found_item=None):
    for check in nominee.negative_checks.all():
        found = check.number == found_item
        post(client, "negative_check", [election.pk, check.pk], {
            "finding": "found" if found else "clear",
            "evidence": "查询法院失信被执行人名单：在列" if found else "已核查，无此情形"})


def meeting_data(nominees, chosen, votes):
    data = {"held_on": timezone.localdate().isoformat(), "representatives_total": 51, "present": 45,
            "decision": "差额确定正式候选人"}
    for name, nominee in nominees.items():
        data[f"position_{nominee.pk}"] = nominee.positions_sought[0]
        data[f"votes_{nominee.pk}"] = votes.get(name, 0)
        if name in chosen:
            data[f"chosen_{nominee.pk}"] = "on"
    return data


def test_a_clerk_takes_nominations_to_a_posted_notice(seven_seats, clerk_a, supervisor_a, client_as):
    election = seven_seats
    client = client_as(clerk_a)
    assert client.get(reverse("candidates:nomination_new", args=[election.pk])).status_code == 200
    nominees = nominate_everyone(client, election)
    for name, nominee in nominees.items():
        check_all(client, election, nominee, found_item=9 if name == "杨帆" else None)

    # 丁建国 is 66 on election day: the CAN-1 warning is overridden with a written reason.
    ding = nominees["丁建国"]
    page = client.get(reverse("candidates:nominee_detail", args=[election.pk, ding.pk]))
    assert [c.code for c in page.context["report"].pending_warnings] == ["CAN-1:over_age"]
    post(client, "nominee_override", [election.pk, ding.pk], {"reason": "身体健康，群众公认，经选举委员会研究同意"})
    assert client.get(reverse("candidates:nominee_detail", args=[election.pk, ding.pk])).context["report"].ready

    # 杨帆 has an open negative-list finding: not ready, and refused if chosen.
    yang = client.get(reverse("candidates:nominee_detail", args=[election.pk, nominees["杨帆"].pk])).context["report"]
    assert [rule for rule, _m in yang.blockers] == ["CAN-2"]
    votes = {name: 40 - i for i, name in enumerate(nominees)}
    meeting_url = reverse("candidates:candidates_meeting", args=[election.pk])
    response = client.post(meeting_url, meeting_data(nominees, set(nominees), votes))
    assert response.status_code == 200 and not Candidate.objects.exists()

    # Without 杨帆 the members are 5 for 5 seats: the margin is short and the meeting is refused (CAN-5).
    chosen = set(nominees) - {"杨帆", "陈静"}
    response = client.post(meeting_url, meeting_data(nominees, chosen, {**votes, "杨帆": 0, "陈静": 1}))
    assert response.status_code == 200 and not Meeting.objects.filter(kind="candidates").exists()
    assert "CAN-5" in response.content.decode()

    # Fixed: 陈静 chosen too (6 members for 5 seats).
    response = client.post(meeting_url, meeting_data(nominees, chosen | {"陈静"}, {**votes, "杨帆": 0}))
    assert response.status_code == 302
    assert Candidate.objects.filter(status="formal").count() == 10
    assert Candidate.objects.get(nominee__resident__name="杨帆").status == "reserve"

    response = client.post(reverse("candidates:candidates_post", args=[election.pk]))
    assert response.status_code == 302 and election.steps_done.filter(step="candidates_posted").exists()

    pdf = client.get(reverse("election_document", args=[election.pk, "candidates"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    # By position, then strokes: 丁 (2) before 欧阳 (8); 王 before 方 (both 4: 横 before 点); 王 (4) before 司马 (5).
    order = [text.index(n) for n in ("丁建国", "欧阳明", "王秀英", "方华", "王伟", "司马青", "刘洋")]
    assert order == sorted(order) and "杨帆" not in text

    # The supervisor reads the candidates page with its indicators, and the override on the overview.
    sup = client_as(supervisor_a)
    page = sup.get(reverse("candidates:election_candidates", args=[election.pk]))
    assert page.status_code == 200
    assert (page.context["indicators"]["total"], page.context["indicators"]["women"]) == (10, 3)
    assert not page.context["can_edit"]
    overview = sup.get(reverse("election_detail", args=[election.pk]))
    assert [o.rule for o in overview.context["overrides"]] == ["CAN-1"]
    assert Override.objects.get().reason == "身体健康，群众公认，经选举委员会研究同意"


def test_a_joint_nomination_through_the_form_checks_the_names(seven_seats, clerk_a, client_as):
    client = client_as(clerk_a)
    nominee = add_resident(seven_seats, "赵云")
    names = [add_resident(seven_seats, f"联名{i}").name for i in range(10)]
    data = {"resident": nominee.pk, "source": "joint_voters", "positions": ["member"],
            "nominated_on": timezone.localdate().isoformat(), "supporters": "、".join(names[:9]) + "\n查无此人"}
    response = post(client, "nomination_new", [seven_seats.pk], data)
    assert response.status_code == 200 and not Nominee.objects.exists()
    response = post(client, "nomination_new", [seven_seats.pk], {**data, "supporters": "\n".join(names)})
    assert response.status_code == 302
    assert len(Nominee.objects.get().nominations.get().supporters) == 10


def test_the_pages_render_for_the_supervisor_read_only(seven_seats, clerk_a, supervisor_a, client_as):
    nominees = nominate_everyone(client_as(clerk_a), seven_seats)
    sup = client_as(supervisor_a)
    for url in (reverse("candidates:election_nominations", args=[seven_seats.pk]),
                reverse("candidates:nominee_detail", args=[seven_seats.pk, nominees["王伟"].pk]),
                reverse("candidates:election_candidates", args=[seven_seats.pk])):
        response = sup.get(url)
        assert response.status_code == 200
        assert b'method="post" action="/elections/' not in response.content  # no write forms shown

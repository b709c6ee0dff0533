"""CAN-2 without 120 submissions (issue 9, finding 8): a nominee's whole negative list in one form — one evidence
note, the exceptions marked per item — and a one-click "no finding" per nominee on the nominations list. Every
item is still recorded and audited on its own as checked by the clerk who submitted."""
import pytest
from django.urls import reverse

from candidates.models import NegativeCheck, Nominee
from candidates.services.nominations import negative_check_record, negative_checks_record, nominee_report
from elections.models import AuditLog
from elections.services.errors import RuleViolation

from .conftest import add_resident, self_nominate

EVIDENCE = "12月1日查询区法院失信被执行人名单、派出所违法犯罪记录和纪检监察处分记录"
RECORDED = "elections.negative_check.recorded"


@pytest.fixture
def nominee(nominating, clerk_a):
    return self_nominate(nominating, add_resident(nominating, "蒋清"), clerk_a)


def ids(checks):
    return [c.pk for c in checks]


def test_can_2_one_submission_checks_every_item_under_the_clerk_s_name(nominee, clerk_a):
    checks = list(nominee.negative_checks.order_by("number"))
    assert len(checks) == 10
    negative_checks_record(nominee=nominee, actor=clerk_a, checks=ids(checks), evidence=EVIDENCE,
                           found=[checks[8].pk], notes={checks[8].pk: "列入失信被执行人名单（2025）京0108执1234号"})
    recorded = {c.number: c for c in NegativeCheck.objects.filter(nominee=nominee)}
    assert [recorded[n].finding for n in range(1, 11)] == ["clear"] * 8 + ["found", "clear"]
    assert recorded[9].evidence == EVIDENCE + "；列入失信被执行人名单（2025）京0108执1234号"
    assert {recorded[n].evidence for n in range(1, 11) if n != 9} == {EVIDENCE}
    assert {(c.checked_by, c.checked_at is not None) for c in recorded.values()} == {(clerk_a, True)}
    entries = AuditLog.objects.filter(action=RECORDED, object_type="candidates.NegativeCheck")
    assert entries.count() == 10
    assert {(e.actor, e.data["checked_together"], e.after["finding"]) for e in entries if e.object_id ==
            str(checks[8].pk)} == {(clerk_a, 10, "found")}
    report = nominee_report(Nominee.objects.get(pk=nominee.pk))
    assert [c.number for c in report.open_findings] == [9] and report.unchecked == []


def test_can_2_the_items_checked_together_need_their_evidence(nominee, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        negative_checks_record(nominee=nominee, actor=clerk_a, checks=ids(nominee.negative_checks.all()),
                               evidence="  ")
    assert exc.value.rule == "CAN-2"
    assert not NegativeCheck.objects.exclude(finding="").exists() and not AuditLog.objects.filter(
        action=RECORDED).exists()


def test_can_2_an_item_checked_meanwhile_refuses_the_whole_batch(nominee, clerk_a):
    checks = list(nominee.negative_checks.order_by("number"))
    negative_check_record(check=checks[2], actor=clerk_a, finding="found", evidence="有记录")
    with pytest.raises(RuleViolation) as exc:
        negative_checks_record(nominee=nominee, actor=clerk_a, checks=ids(checks), evidence=EVIDENCE)
    assert "第3项已由他人核查" in str(exc.value)
    # Nothing half done, and the finding made meanwhile is not overwritten.
    assert list(NegativeCheck.objects.filter(nominee=nominee).exclude(finding="").values_list(
        "number", "finding")) == [(3, "found")]


def test_can_2_a_finding_is_marked_only_on_an_item_being_checked(nominee, clerk_a):
    checks = list(nominee.negative_checks.order_by("number"))
    with pytest.raises(RuleViolation):
        negative_checks_record(nominee=nominee, actor=clerk_a, checks=ids(checks[:5]), evidence=EVIDENCE,
                               found=[checks[7].pk])


def test_can_2_items_of_another_nominee_are_refused(nominee, nominating, clerk_a):
    other = self_nominate(nominating, add_resident(nominating, "韩冰"), clerk_a)
    with pytest.raises(RuleViolation):
        negative_checks_record(nominee=nominee, actor=clerk_a, checks=ids(other.negative_checks.all()),
                               evidence=EVIDENCE)
    assert not NegativeCheck.objects.exclude(finding="").exists()


def test_can_10_a_formal_candidate_s_list_is_not_checked_again(decided, clerk_a):
    nominee = Nominee.objects.filter(election=decided, candidacy__status="formal").first()
    item = nominee.negative_checks.first()
    NegativeCheck.objects.filter(pk=item.pk).update(finding="", evidence="")
    with pytest.raises(RuleViolation) as exc:
        negative_checks_record(nominee=nominee, actor=clerk_a, checks=[item.pk], evidence=EVIDENCE)
    assert exc.value.rule == "CAN-10"


# --- through the pages -------------------------------------------------------------------------------------

def test_the_nominee_page_checks_the_whole_list_in_one_form(nominee, nominating, clerk_a, client_as):
    client = client_as(clerk_a)
    page = client.get(reverse("candidates:nominee_detail", args=[nominating.pk, nominee.pk]))
    form = page.context["checks_form"]
    assert len(form.rows()) == 10 and 'id="negative-checks-form"' in page.content.decode()
    checks = {c.number: c for c in nominee.negative_checks.all()}
    data = {"items": form["items"].value(), "evidence": EVIDENCE, f"found_{checks[4].pk}": "on",
            f"note_{checks[4].pk}": "2024年受党内严重警告处分"}
    response = client.post(reverse("candidates:negative_checks", args=[nominating.pk, nominee.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("candidates:nominee_detail", args=[nominating.pk, nominee.pk])
    assert dict(NegativeCheck.objects.filter(nominee=nominee).values_list("number", "finding")) == {
        n: "found" if n == 4 else "clear" for n in range(1, 11)}
    assert AuditLog.objects.filter(action=RECORDED, actor=clerk_a).count() == 10
    after = client.get(response.url)
    assert after.context["checks_form"].rows() == []
    assert "已完成蒋清负面清单10项的核查，其中1项存在此情形。" in after.content.decode()


def test_the_one_form_without_evidence_records_nothing_and_says_why(nominee, nominating, clerk_a, client_as):
    client = client_as(clerk_a)
    items = ",".join(str(pk) for pk in nominee.negative_checks.values_list("pk", flat=True))
    response = client.post(reverse("candidates:negative_checks", args=[nominating.pk, nominee.pk]),
                           {"items": items, "evidence": ""}, follow=True)
    assert "请登记核查依据（查阅了哪些材料，结果如何）。" in response.content.decode()
    assert not NegativeCheck.objects.exclude(finding="").exists()


def test_twelve_nominees_take_twelve_no_finding_clicks_from_the_list(nominating, clerk_a, client_as):
    nominees = [self_nominate(nominating, add_resident(nominating, f"提名{c}"), clerk_a) for c in "甲乙丙丁戊己庚辛壬癸子丑"]
    client = client_as(clerk_a)
    url = reverse("candidates:election_nominations", args=[nominating.pk])
    page = client.get(url).content.decode()
    assert page.count('class="d-flex gap-1 mt-1 no-finding-form"') == 12
    posts = 0
    for nominee in nominees:
        items = ",".join(str(pk) for pk in nominee.negative_checks.values_list("pk", flat=True))
        response = client.post(reverse("candidates:negative_checks", args=[nominating.pk, nominee.pk]),
                               {"items": items, "evidence": EVIDENCE, "back": "list"})
        posts += 1
        assert response.status_code == 302 and response.url == f"{url}#nominee-{nominee.pk}"
    assert posts == 12
    checks = NegativeCheck.objects.filter(nominee__election=nominating)
    assert checks.count() == 120 and set(checks.values_list("finding", "checked_by")) == {("clear", clerk_a.pk)}
    assert AuditLog.objects.filter(action=RECORDED, actor=clerk_a).count() == 120
    assert 'no-finding-form' not in client.get(url).content.decode()


def test_the_no_finding_form_starts_from_the_evidence_last_used(nominating, clerk_a, client_as):
    first = self_nominate(nominating, add_resident(nominating, "甲"), clerk_a)
    self_nominate(nominating, add_resident(nominating, "乙"), clerk_a)
    negative_checks_record(nominee=first, actor=clerk_a, checks=ids(first.negative_checks.all()), evidence=EVIDENCE)
    page = client_as(clerk_a).get(reverse("candidates:election_nominations", args=[nominating.pk]))
    assert page.context["last_evidence"] == EVIDENCE and f'value="{EVIDENCE}"' in page.content.decode()


def test_readers_see_the_list_without_any_check_form(nominee, nominating, supervisor_a, client_as):
    page = client_as(supervisor_a).get(reverse("candidates:nominee_detail", args=[nominating.pk, nominee.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "negative-checks-form" not in html and html.count("未核查") >= 10
    listing = client_as(supervisor_a).get(reverse("candidates:election_nominations", args=[nominating.pk]))
    assert "no-finding-form" not in listing.content.decode()

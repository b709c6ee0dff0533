"""Complaints and reports about the election (AFT-5): recorded with evidence in private storage, routed to the
street office, decided there, with their effect — none, a round voided through VOTE-13, a new election."""
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aftermath.models import Complaint, ComplaintEvidence
from aftermath.services.complaints import (
    EVIDENCE_MAX_BYTES,
    complaint_decide,
    complaint_evidence_add,
    complaint_record,
    complaint_route,
)
from aftermath.services.handover import handover_start
from counting.models import CountRound, Decision
from counting.results import election_results
from elections.models import AuditLog
from elections.services.errors import RuleViolation
from elections.states import State

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def record(election, actor, **kw):
    return complaint_record(election=election, actor=actor, received_on=election.results_certified_on,
                            channel=kw.pop("channel", "visit"), subject=kw.pop("subject", "forged_ballots"),
                            summary=kw.pop("summary", "反映第一轮投票中有人投入伪造选票"), **kw)


def test_aft_5_a_complaint_is_recorded_routed_and_decided_in_the_audit_log(certified_a, clerk_a, supervisor_a):
    election = certified_a.election
    complaint = record(election, clerk_a, complainant="王某", contact="138****0000")
    assert (complaint.number, complaint.status) == (1, Complaint.Status.RECEIVED)
    with pytest.raises(RuleViolation) as refused:  # the street office decides what was sent to it
        complaint_decide(complaint=complaint, actor=supervisor_a, decision="经查不实", effect="none")
    assert refused.value.rule == "AFT-5"
    complaint_route(complaint=complaint, actor=clerk_a)
    complaint_decide(complaint=complaint, actor=supervisor_a, decision="经调查核实，反映情况不属实",
                     effect="none", reference="街道〔2026〕8号")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.DECIDED and not complaint.is_open
    assert list(AuditLog.objects.filter(election=election, action__startswith="aftermath.complaint")
                .order_by("pk").values_list("action", flat=True)) == [
        "aftermath.complaint.recorded", "aftermath.complaint.routed", "aftermath.complaint.decided"]
    assert certified_a.refresh().state == State.CERTIFIED  # no effect on the result


def test_aft_5_vote_13_a_decision_voiding_a_round_goes_through_the_count_decision(certified_a, clerk_a,
                                                                                  supervisor_a):
    election = certified_a.election
    complaint = record(election, supervisor_a, routed=True)  # received by the street office itself
    assert complaint.status == Complaint.Status.ROUTED
    count_round = CountRound.objects.get(election=election)
    complaint_decide(complaint=complaint, actor=supervisor_a, decision="经查实第一轮存在伪造选票",
                     effect="round_voided", count_round=count_round, reference="街道〔2026〕9号")
    complaint.refresh_from_db()
    decision = Decision.objects.get(election=election)
    assert complaint.count_decision == decision and decision.kind == Decision.Kind.VOID_ROUND
    assert decision.reference == "街道〔2026〕9号" and "伪造选票" in decision.reason
    count_round.refresh_from_db()
    assert (count_round.status, count_round.void_rule) == ("void", "VOTE-13")
    election = certified_a.refresh()
    assert election.state == State.COUNTING and election.results_certified_on is None
    assert election_results(election).next.kind == "repeat"


def test_aft_5_a_round_cannot_be_voided_once_the_new_committee_is_in_office(certified_a, clerk_a, supervisor_a):
    election = certified_a.election
    handover_start(election=election, actor=clerk_a, outgoing_chair="周上届")
    complaint = record(election, supervisor_a, routed=True)
    with pytest.raises(RuleViolation) as refused:
        complaint_decide(complaint=complaint, actor=supervisor_a, decision="经查实", effect="round_voided",
                         count_round=CountRound.objects.get(election=election))
    assert refused.value.rule == "VOTE-13"
    complaint.refresh_from_db()
    assert complaint.is_open and not Decision.objects.exists()


def test_aft_5_a_new_election_ordered_keeps_the_result_from_taking_office(certified_a, clerk_a, supervisor_a):
    election = certified_a.election
    complaint = record(election, supervisor_a, routed=True, subject="bribery", summary="贿选")
    complaint_decide(complaint=complaint, actor=supervisor_a, decision="经查实存在贿选，责令重新选举",
                     effect="re_election")
    with pytest.raises(RuleViolation) as refused:
        handover_start(election=election, actor=clerk_a, outgoing_chair="周上届")
    assert refused.value.rule == "AFT-5" and certified_a.refresh().state == State.CERTIFIED


def test_aft_5_evidence_is_kept_in_private_storage_with_its_checksum(certified_a, clerk_a, settings):
    complaint = record(certified_a.election, clerk_a)
    upload = SimpleUploadedFile("举报材料.pdf", PDF, content_type="application/pdf")
    evidence = complaint_evidence_add(complaint=complaint, actor=clerk_a, upload=upload, description="举报信")
    path = Path(evidence.file.path)
    assert path.is_file() and Path(settings.PRIVATE_MEDIA_ROOT) in path.parents
    assert path.read_bytes() == PDF and evidence.original_name == "举报材料.pdf" and len(evidence.sha256) == 64
    assert evidence.file.name.endswith(".pdf") and "举报" not in evidence.file.name  # our name, not theirs


@pytest.mark.parametrize(("name", "content", "size"), [
    ("script.exe", b"MZ" + b"\x00" * 10, None),            # not an accepted type
    ("photo.png", PDF, None),                              # a name that lies about the file
    ("empty.pdf", b"", None),
    ("huge.pdf", b"%PDF-", EVIDENCE_MAX_BYTES + 1),        # over the limit
])
def test_aft_5_evidence_of_the_wrong_kind_or_size_is_refused(certified_a, clerk_a, name, content, size):
    complaint = record(certified_a.election, clerk_a)
    upload = SimpleUploadedFile(name, content)
    if size:
        upload.size = size
    with pytest.raises(RuleViolation) as refused:
        complaint_evidence_add(complaint=complaint, actor=clerk_a, upload=upload)
    assert refused.value.rule == "AFT-5" and name in str(refused.value)
    assert not ComplaintEvidence.objects.exists()


def test_aft_5_a_complaint_with_evidence_is_recorded_through_the_page(certified_a, clerk_a, client_as):
    e = certified_a.election.pk
    response = client_as(clerk_a).post(reverse("aftermath:complaints", args=[e]), {
        "received_on": certified_a.election.results_certified_on.isoformat(), "channel": "letter",
        "complainant": "", "contact": "", "subject": "threats", "summary": "有人在投票站外威胁选民",
        "file": SimpleUploadedFile("现场照片.png", PNG)})
    complaint = Complaint.objects.get(election=certified_a.election)
    assert response.status_code == 302 and complaint.complainant == "" and complaint.evidence.count() == 1
    evidence = complaint.evidence.get()
    download = client_as(clerk_a).get(reverse("aftermath:evidence", args=[e, complaint.number, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert "attachment" in download["Content-Disposition"]


def test_aft_5_the_supervisors_dashboard_counts_open_complaints(certified_a, clerk_a, supervisor_a, client_as):
    record(certified_a.election, clerk_a)
    decided = record(certified_a.election, supervisor_a, routed=True)
    complaint_decide(complaint=decided, actor=supervisor_a, decision="不属实", effect="none")
    page = client_as(supervisor_a).get(reverse("community_list"))
    assert page.context["open_complaints"] == 1
    assert 'data-testid="open-complaints"' in page.content.decode()


def test_aft_5_a_decided_complaints_file_is_closed(certified_a, supervisor_a):
    complaint = record(certified_a.election, supervisor_a, routed=True)
    complaint_decide(complaint=complaint, actor=supervisor_a, decision="不属实", effect="none")
    with pytest.raises(RuleViolation):
        complaint_evidence_add(complaint=complaint, actor=supervisor_a,
                               upload=SimpleUploadedFile("late.pdf", PDF))
    with pytest.raises(RuleViolation):
        complaint_decide(complaint=complaint, actor=supervisor_a, decision="改判", effect="re_election")

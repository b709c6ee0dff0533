"""Complaints and reports about the election (来信来访, AFT-5): recorded with their evidence, routed to the
street office's guidance group, and decided there, with the decision's effect:

- none: the result stands;
- a round voided (VOTE-13): through counting's own service (counting.services.decisions.round_void_decide),
  so that the round and every later one are void and repeated exactly as a decision on the count page does;
- a new election ordered: the result does not take office (the doors "handover_start" and "election_close"
  refuse), and the street office arranges the new election.

An election with an undecided complaint is not closed (AFT-5: hard, record & decide).
"""
import hashlib
import os
import uuid

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from counting.services.decisions import round_void_decide
from elections import clock
from elections.audit import audit_log, model_state
from elections.services.errors import RuleViolation

from ..models import Complaint, ComplaintEvidence
from .committee import locked_election

# Evidence files: scans, photographs and documents — checked by their first bytes, not only by their names.
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 20
RECORD_FIELDS = ["received_on", "channel", "complainant", "contact", "subject", "summary"]


def _check_received(received_on):
    if received_on > clock.today():
        raise RuleViolation("CAL-5", _("A date in the future cannot be recorded."), field="received_on")


def complaint_record(*, election, actor, received_on, channel, subject, summary, complainant="", contact="",
                     routed=False):
    """Record a complaint (AFT-5). `routed`: it came to the street office itself, which handles it directly."""
    summary = (summary or "").strip()
    if not summary:
        raise RuleViolation("AFT-5", _("Say what is reported."), field="summary")
    _check_received(received_on)
    with transaction.atomic():
        election = locked_election(election)  # the numbers of one election's complaints follow each other
        number = (Complaint.objects.filter(election=election).aggregate(n=Max("number"))["n"] or 0) + 1
        complaint = Complaint.objects.create(
            election=election, number=number, received_on=received_on, channel=channel, subject=subject,
            summary=summary, complainant=complainant.strip()[:100], contact=contact.strip()[:100],
            recorded_by=actor)
        audit_log(actor=actor, action="aftermath.complaint.recorded", obj=complaint, election=election,
                  after=model_state(complaint, ["number", "received_on", "channel", "subject"]))
        if routed:
            _route(complaint, actor, received_on)
    return complaint


def _locked_complaint(complaint):
    locked_election(complaint.election)
    return Complaint.objects.select_for_update().select_related("election__community").get(pk=complaint.pk)


def _route(complaint, actor, day):
    complaint.status, complaint.routed_on, complaint.routed_by = Complaint.Status.ROUTED, day, actor
    complaint.save(update_fields=["status", "routed_on", "routed_by"])
    audit_log(actor=actor, action="aftermath.complaint.routed", obj=complaint, election=complaint.election,
              after={"status": complaint.status, "routed_on": day})


def complaint_route(*, complaint, actor, routed_on=None):
    """Send the complaint to the street office's guidance group, which decides it (AFT-5)."""
    routed_on = routed_on or clock.today()
    with transaction.atomic():
        complaint = _locked_complaint(complaint)
        if complaint.status != Complaint.Status.RECEIVED:
            raise RuleViolation("AFT-5", _("This complaint is already with the street office."))
        if routed_on > clock.today() or routed_on < complaint.received_on:
            raise RuleViolation("CAL-5", _("It is sent on or after the day it came, and not in the future."),
                                field="routed_on")
        _route(complaint, actor, routed_on)
    return complaint


def _evidence_type(upload):
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in EVIDENCE_TYPES:
        raise RuleViolation("AFT-5", _("%(name)s: only PDF, JPEG and PNG files are accepted.") % {"name": name},
                            field="file")
    if upload.size > EVIDENCE_MAX_BYTES:
        raise RuleViolation("AFT-5", _("%(name)s is larger than %(mb)s MB.")
                            % {"name": name, "mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}, field="file")
    if upload.size == 0:
        raise RuleViolation("AFT-5", _("%(name)s is empty.") % {"name": name}, field="file")
    content_type, signatures = EVIDENCE_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise RuleViolation("AFT-5", _("%(name)s is not the kind of file its name says.") % {"name": name},
                            field="file")
    return name, ext, content_type


def complaint_evidence_add(*, complaint, actor, upload, description=""):
    """Keep an evidence file with the complaint, in private storage (never served by the web server)."""
    name, ext, content_type = _evidence_type(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = None
    try:
        with transaction.atomic():
            complaint = _locked_complaint(complaint)
            if complaint.status == Complaint.Status.DECIDED:
                raise RuleViolation("AFT-5", _("The complaint is decided: its file is closed."))
            if complaint.evidence.count() >= EVIDENCE_MAX_FILES:
                raise RuleViolation("AFT-5", _("At most %(n)s files per complaint.") % {"n": EVIDENCE_MAX_FILES})
            evidence = ComplaintEvidence(complaint=complaint, original_name=name[:200], content_type=content_type,
                                         size=upload.size, sha256=digest.hexdigest(),
                                         description=description.strip()[:200], uploaded_by=actor)
            # The stored name is ours; the person's file name is kept only as data.
            evidence.file.save(f"{uuid.uuid4().hex}{ext}", upload, save=False)
            stored = evidence.file.name
            evidence.save()
            audit_log(actor=actor, action="aftermath.complaint.evidence_added", obj=complaint,
                      election=complaint.election, after={"file": name, "size": upload.size,
                                                          "sha256": evidence.sha256})
    except Exception:
        if stored:  # the row was not kept: neither is the file
            ComplaintEvidence.file.field.storage.delete(stored)
        raise
    return evidence


def complaint_decide(*, complaint, actor, decision, effect, decided_on=None, reference="", count_round=None):
    """The street office's decision (AFT-5) and its effect. A voided round goes through VOTE-13's service."""
    decision = (decision or "").strip()
    decided_on = decided_on or clock.today()
    if not decision:
        raise RuleViolation("AFT-5", _("Record the decision and its grounds."), field="decision")
    if effect not in Complaint.Effect.values:
        raise RuleViolation("AFT-5", _("Say what the decision does to the election."), field="effect")
    with transaction.atomic():
        complaint = _locked_complaint(complaint)
        if complaint.status != Complaint.Status.ROUTED:
            raise RuleViolation("AFT-5", _("The street office decides a complaint once it has been sent to it; "
                                           "this one is “%(status)s”.") % {"status": complaint.get_status_display()})
        if decided_on > clock.today() or decided_on < complaint.received_on:
            raise RuleViolation("CAL-5", _("It is decided on or after the day it came, and not in the future."),
                                field="decided_on")
        if effect == Complaint.Effect.ROUND_VOIDED:
            if count_round is None or count_round.election_id != complaint.election_id:
                raise RuleViolation("VOTE-13", _("Choose the round the decision voids."), field="count_round")
            complaint.count_decision = round_void_decide(
                count_round=count_round, actor=actor, reference=reference, decided_on=decided_on,
                reason=_("%(complaint)s: %(decision)s") % {"complaint": complaint, "decision": decision})
        complaint.status, complaint.decision, complaint.effect = Complaint.Status.DECIDED, decision, effect
        complaint.decided_on, complaint.decided_by, complaint.reference = decided_on, actor, reference.strip()
        complaint.save()
        audit_log(actor=actor, action="aftermath.complaint.decided", obj=complaint, election=complaint.election,
                  after={"effect": effect, "decided_on": decided_on, "reference": complaint.reference,
                         "count_decision": complaint.count_decision_id}, data={"decision": decision})
    return complaint

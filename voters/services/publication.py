"""Posting the voter list (VOT-5) and changing it afterwards only on record (VOT-6, VOT-10).

- `voter_list_publish` freezes version 1 (kind main): one VoterListEntry per confirmed registration, printed
  as it stood that day (name, group, sex, masked number — VOT-7).
- After that the list changes only through recorded additions and removals (`voter_add_after_posting`,
  `voter_remove_after_posting`), which go through the registration services with after_posting=True and are
  kept as VoterListChange rows until `supplementary_list_publish` posts them as the next version.
The number of registered voters is never stored apart from the list: it is the confirmed registrations.
"""
import re

from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.acts import act_check, act_problems, act_record
from elections.audit import audit_log, model_state
from elections.checklist import step_done
from elections.cn_dates import numeric_chinese_date
from elections.legal_calendar import days_before
from elections.models import DatedAct, Election, NoticeRepost
from elections.services.errors import RuleViolation
from elections.services.postponements import notice_reposted
from elections.states import State

from ..eligibility import assess
from ..models import Objection, Registration, RegistrationConflict
from ..models.publication import (
    REASONS_CN,
    VoterListChange,
    VoterListEntry,
    VoterListReposting,
    VoterListVersion,
)
from .registration import registration_confirm, registration_refuse

Change = VoterListEntry.Change
# After posting, the list may still change (objections, additions, removals) until the election is held.
STATES_OPEN_AFTER_POSTING = (State.REGISTRATION, State.NOMINATION, State.VOTING)
VERSION_FIELDS = ["number", "kind", "posted_on", "voter_count"]
# An identity number (17 digits and a check character) or a phone number (11 digits) in free text.
_LONG_NUMBER = re.compile(r"\d{11,}|\d{17}[Xx]")


def day_text(day):
    return numeric_chinese_date(day)


# --- reading -----------------------------------------------------------------------------------------------

def last_posting_day(election):
    """VOT-5: the last day the list may be posted — the profile's days before election day (None: no day)."""
    if election.election_date is None:
        return None
    return days_before(election.election_date, election.rules.voter_list_days_before)


def main_list(election):
    return VoterListVersion.objects.filter(election=election, kind=VoterListVersion.Kind.MAIN).first()


def latest_posting(election):
    return VoterListVersion.objects.filter(election=election).order_by("-number").first()


def confirmed_registrations(election):
    """The current list: confirmed registrations, in the order the notice prints them."""
    return (Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED)
            .select_related("resident__group")
            .order_by("resident__group__number", "resident__household__number", "resident_id"))


def pending_changes(election):
    """Additions and removals recorded after posting that no supplementary list has posted yet."""
    return (VoterListChange.objects.filter(election=election, version__isnull=True)
            .select_related("registration__resident__group", "recorded_by", "objection")
            .order_by("recorded_at", "id"))


def publication_problems(election, posted_on):
    """[(rule, message)] that stop the main list being posted on `posted_on`; empty when it may be."""
    if election.state != State.REGISTRATION:
        return [("CAL-1", _("The voter list is posted while the election is in voter registration, not in "
                            "“%(state)s”.") % {"state": State(election.state).label})]
    if main_list(election) is not None:
        return [("VOT-10", _("The voter list is already posted; later changes go on a supplementary list."))]
    if election.election_date is None:
        return [("CAL-2", _("Fix election day before the voter list is posted."))]
    return (act_problems(DatedAct.VOTER_LIST_POSTED, election=election, day=posted_on)
            + _deadline_problems(election, posted_on) + _review_problems(election))


def _deadline_problems(election, posted_on):
    last_day = last_posting_day(election)
    if posted_on <= last_day:
        return []
    # VOT-5: posted at least N days before election day.
    values = {"days": election.rules.voter_list_days_before, "election_day": day_text(election.election_date),
              "last_day": day_text(last_day), "posted_on": day_text(posted_on)}
    message = _("The voter list must be posted at least %(days)s days before election day "
                "(%(election_day)s): the last allowed day is %(last_day)s, and %(posted_on)s is "
                "too late.") % values
    return [("VOT-5", message)]


def _review_problems(election):
    problems = []
    registrations = Registration.objects.filter(election=election)
    pending = registrations.filter(status=Registration.Status.PENDING).count()
    if pending:
        # VOT-4: the committee reviews every registration before the list is posted.
        problems.append(("VOT-4", _("%(n)s registrations still await review: confirm or refuse each first.")
                         % {"n": pending}))
    conflicts = (RegistrationConflict.objects.filter(registrations__election=election, resolved=False)
                 .distinct().count())
    if conflicts:
        problems.append(("VOT-3", _("%(n)s persons are also registered in another community: resolve each "
                                    "conflict first.") % {"n": conflicts}))
    if not registrations.filter(status=Registration.Status.CONFIRMED).exists():
        problems.append(("VOT-5", _("No voter is confirmed yet: there is no list to post.")))
    return problems


def list_change_problems(election, on):
    """[(rule, message)] that stop an addition, removal or supplementary list on `on`."""
    if main_list(election) is None:
        return [("VOT-10", _("The voter list is not posted yet: change registrations through the review."))]
    if election.state not in STATES_OPEN_AFTER_POSTING:
        return [("VOT-10", _("The election is in “%(state)s”: the voter list can no longer change.")
                 % {"state": State(election.state).label})]
    if on >= election.election_date:
        return [("VOT-10", _("The voter list changes only before election day (%(day)s).")
                 % {"day": day_text(election.election_date)})]
    return []


# --- posting the main list ------------------------------------------------------------------------------

def voter_list_publish(*, election, actor, posted_on=None):
    """VOT-5: freeze the confirmed registrations as version 1 of the posted list, posted on `posted_on` (default
    today): not before election day, the method and the voters on it were fixed (CAL-2, VOT-4, CAL-5)."""
    posted_on = posted_on or clock.today()
    with transaction.atomic():
        # Two clerks publishing at once: the second waits on this lock, then finds the list posted (VOT-10).
        election = Election.objects.select_for_update().get(pk=election.pk)
        _refuse(publication_problems(election, posted_on))
        registrations = list(confirmed_registrations(election))
        version = VoterListVersion.objects.create(
            election=election, number=1, kind=VoterListVersion.Kind.MAIN, posted_on=posted_on,
            published_by=actor, voter_count=len(registrations))
        VoterListEntry.objects.bulk_create(
            [_entry(version, registration, Change.LISTED) for registration in registrations], batch_size=1000)
        step_done(election=election, step="voter_list_published", actor=actor, on=posted_on)
        audit_log(actor=actor, action="voters.voter_list.published", obj=version, election=election,
                  after=model_state(version, VERSION_FIELDS),
                  data={"last_allowed_day": last_posting_day(election), "voters": len(registrations)})
        act_record(DatedAct.VOTER_LIST_POSTED, election=election, day=posted_on, obj=version, actor=actor)
    return version


def repost_needed(election):
    """The open mark of a postponement that sent the voter list back to the notice board (CAL-4), or None."""
    return election.notice_reposts.filter(notice=NoticeRepost.Notice.VOTER_LIST, reposted_on__isnull=True).first()


def voter_list_repost(*, election, actor, posted_on=None):
    """CAL-4: post the list again, as it stands, after a postponement sent it back to the board. A new posting
    record of the same frozen postings, with its day and the new election day it prints."""
    posted_on = posted_on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        act_check(DatedAct.VOTER_LIST_REPOSTED, election=election, day=posted_on, field="posted_on")
        if election.state not in STATES_OPEN_AFTER_POSTING:
            raise RuleViolation("CAL-4", _("The election is in “%(state)s”: the voter list is no longer posted.")
                                % {"state": State(election.state).label})
        if posted_on >= election.election_date:
            raise RuleViolation("VOT-5", _("The voter list is posted before election day (%(day)s).")
                                % {"day": day_text(election.election_date)}, field="posted_on")
        if notice_reposted(election=election, notice=NoticeRepost.Notice.VOTER_LIST, posted_on=posted_on,
                           actor=actor) is None:
            raise RuleViolation("CAL-4", _("The voter list is not waiting to be posted again."))
        reposting = VoterListReposting.objects.create(
            election=election, version=latest_posting(election), posted_on=posted_on, published_by=actor,
            election_date=election.election_date)
        audit_log(actor=actor, action="voters.voter_list.reposted", obj=reposting, election=election,
                  after=model_state(reposting, ["version", "posted_on", "election_date"]))
        act_record(DatedAct.VOTER_LIST_REPOSTED, election=election, day=posted_on, obj=reposting, actor=actor)
    return reposting


def _refuse(problems):
    if problems:
        rule, message = problems[0]
        raise RuleViolation(rule, message)


def _entry(version, registration, change, reason=""):
    resident = registration.resident
    group = resident.group
    return VoterListEntry(
        version=version, registration=registration, change=change, reason=reason[:200], name=resident.name,
        group_name=group.name if group else "", group_number=group.number if group else None,
        sex=resident.sex, masked_id=resident.masked_id)


# --- additions and removals after posting -------------------------------------------------------------

def voter_add_after_posting(*, election, resident, reason_kind, reason, actor, objection=None, on=None):
    """VOT-10: put a resident on the posted list (turned 18, moved in, rights restored, objection upheld)."""
    on = on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        _refuse(list_change_problems(election, on))
        objection = _current(objection)
        _check_reason(reason_kind, reason, objection, election, VoterListChange.ADDITION_REASONS)
        act_check(DatedAct.LIST_CHANGE, election=election, day=on, about=objection, field="on")
        if resident.community_id != election.community_id:
            raise RuleViolation("VOT-2", _("%(name)s is not a resident of this community.")
                                % {"name": resident.name}, field="resident")
        registration = _registration_for(election, resident)
        if registration.status == Registration.Status.CONFIRMED:
            raise RuleViolation("VOT-10", _("%(name)s is already on the voter list.")
                                % {"name": resident.name}, field="resident")
        registration_confirm(registration=registration, actor=actor, after_posting=True)
        return _record_change(election, registration, Change.ADDED, reason_kind, reason, objection, actor, on)


def voter_remove_after_posting(*, registration, reason_kind, reason, actor, objection=None, on=None):
    """VOT-10: take a voter off the posted list (died, moved out, deprived of rights, objection upheld)."""
    on = on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=registration.election_id)
        _refuse(list_change_problems(election, on))
        objection = _current(objection)
        _check_reason(reason_kind, reason, objection, election, VoterListChange.REMOVAL_REASONS)
        act_check(DatedAct.LIST_CHANGE, election=election, day=on, about=objection, field="on")
        registration = (Registration.objects.select_for_update(of=("self",)).select_related("resident")
                        .get(pk=registration.pk))
        if registration.status != Registration.Status.CONFIRMED:
            raise RuleViolation("VOT-10", _("%(name)s is not on the voter list.")
                                % {"name": registration.resident.name}, field="registration")
        registration_refuse(registration=registration, actor=actor, after_posting=True,
                            reason=f"{REASONS_CN[reason_kind]}：{reason.strip()}")
        return _record_change(election, registration, Change.REMOVED, reason_kind, reason, objection, actor,
                              on)


def _current(objection):
    """The objection as it stands in the database (the caller's copy may predate its decision)."""
    return Objection.objects.get(pk=objection.pk) if objection is not None else None


def _check_reason(reason_kind, reason, objection, election, allowed):
    if reason_kind not in allowed:
        raise RuleViolation("VOT-10", _("“%(reason)s” is not a reason for this change.")
                            % {"reason": reason_kind}, field="reason_kind")
    if not (reason or "").strip():
        raise RuleViolation("VOT-10", _("Every change to the posted list needs its reason written down."),
                            field="reason")
    if _LONG_NUMBER.search(reason):
        # VOT-7: the reason is printed on the supplementary list, so no identity or phone numbers in it.
        raise RuleViolation("VOT-7", _("The reason is printed on the posted list: leave identity and phone "
                                       "numbers out of it."), field="reason")
    if objection is not None and (objection.election_id != election.pk
                                  or objection.decision != objection.Decision.UPHELD):
        raise RuleViolation("VOT-6", _("Only an upheld objection of this election can lead to a change."),
                            field="objection")
    if reason_kind == VoterListChange.Reason.OBJECTION and objection is None:
        raise RuleViolation("VOT-6", _("Name the upheld objection this change follows from."),
                            field="objection")


def _registration_for(election, resident):
    """The resident's registration in this election, created (pending) for someone not considered before."""
    registration = (Registration.objects.select_for_update(of=("self",)).select_related("resident")
                    .filter(election=election, resident=resident).order_by().first())
    if registration is not None:
        return registration
    assessment = assess(resident, election_date=election.election_date, rules=election.rules)
    return Registration.objects.create(election=election, resident=resident, category=assessment.category,
                                       problems=assessment.problems)


def _record_change(election, registration, change, reason_kind, reason, objection, actor, on):
    record = VoterListChange.objects.create(
        election=election, registration=registration, change=change, reason_kind=reason_kind,
        reason=reason.strip()[:200], objection=objection, recorded_on=on, recorded_by=actor)
    fields = ["registration", "change", "reason_kind", "reason", "objection", "recorded_on"]
    audit_log(actor=actor, action=f"voters.voter_list.{'addition' if change == Change.ADDED else 'removal'}",
              obj=record, election=election, after=model_state(record, fields),
              data={"name": registration.resident.name})
    act_record(DatedAct.LIST_CHANGE, election=election, day=on, obj=record, actor=actor)
    return record


# --- supplementary lists -------------------------------------------------------------------------------

def supplementary_list_publish(*, election, actor, posted_on=None):
    """VOT-10: post every change not yet posted as the next version (kind supplementary)."""
    posted_on = posted_on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        _refuse(list_change_problems(election, posted_on))
        previous = latest_posting(election)
        if posted_on < previous.posted_on:
            raise RuleViolation("VOT-10", _("A supplementary list cannot be dated before the last posting "
                                            "(%(day)s).") % {"day": day_text(previous.posted_on)},
                                field="posted_on")
        act_check(DatedAct.SUPPLEMENTARY_LIST_POSTED, election=election, day=posted_on, field="posted_on")
        changes = list(pending_changes(election))
        if not changes:
            raise RuleViolation("VOT-10", _("There is no addition or removal waiting to be posted."))
        version = VoterListVersion.objects.create(
            election=election, number=previous.number + 1, kind=VoterListVersion.Kind.SUPPLEMENTARY,
            posted_on=posted_on, published_by=actor, voter_count=confirmed_registrations(election).count())
        entries = _net_entries(version, changes, _posted_on_list(election, changes))
        VoterListEntry.objects.bulk_create(entries)
        VoterListChange.objects.filter(pk__in=[c.pk for c in changes]).update(version=version)
        audit_log(actor=actor, action="voters.voter_list.supplementary_published", obj=version,
                  election=election, after=model_state(version, VERSION_FIELDS),
                  data={"added": sum(e.change == Change.ADDED for e in entries),
                        "removed": sum(e.change == Change.REMOVED for e in entries)})
        act_record(DatedAct.SUPPLEMENTARY_LIST_POSTED, election=election, day=posted_on, obj=version,
                   actor=actor)
    return version


def _posted_on_list(election, changes):
    """{registration id: on the list as last posted} for the registrations the changes concern."""
    latest = {}
    entries = (VoterListEntry.objects.filter(version__election=election,
                                             registration_id__in={c.registration_id for c in changes})
               .order_by("version__number").values_list("registration_id", "change"))
    for registration_id, change in entries:
        latest[registration_id] = change in (Change.LISTED, Change.ADDED)
    return latest


def _net_entries(version, changes, posted):
    """One entry per person whose place on the list differs from the last posting. Someone added and then
    removed again before any supplementary list (or the reverse) is not printed: the posted list stays
    right."""
    last_change = {}
    for change in changes:  # in the order recorded: the last one decides
        last_change[change.registration_id] = change
    entries = []
    for registration_id, change in last_change.items():
        now_on_list = change.change == Change.ADDED
        if now_on_list != posted.get(registration_id, False):
            entries.append(_entry(version, change.registration, change.change, change.printed_reason))
    entries.sort(key=lambda e: (e.change != Change.ADDED, e.group_number or 0, e.name))
    return entries


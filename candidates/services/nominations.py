"""Nominations (CAN-3), the nominee's checks (CAN-1, CAN-2), acceptance (CAN-8), introductions (CAN-7) and near
relatives (CAN-9). The formal candidates, their margin and posting are in candidates/services/candidates.py.

Nominations are taken while voters are registered and during the nomination phase, up to the day before
election day. A nomination is recorded whatever the nominee's checks say — it is a fact that it was made —
and the checks then decide whether the nominee may become a formal candidate (`nominee_blockers`).
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from elections import clock
from elections.acts import act_check, act_record
from elections.audit import audit_log, model_state
from elections.models import CommitteeMember, DatedAct, Election, Method, Position
from elections.services.committee import committee_member_leave
from elections.services.errors import RuleViolation, RuleWarning
from elections.services.overrides import record_overrides
from elections.states import State
from voters.models import Registration

from .. import eligibility
from ..models import Candidate, NegativeCheck, Nomination, NominationSource, Nominee, Relation

NOMINATION_STATES = (State.REGISTRATION, State.NOMINATION)


def _today(today):
    return today or clock.today()


# --- when nominations are taken ----------------------------------------------------------------------------

def _check_nominations_open(election, nominated_on):
    if election.state not in NOMINATION_STATES:
        raise RuleViolation("CAL-1", _("Nominations are taken during voter registration and the nomination "
                                       "phase; the election is in “%(state)s”.")
                            % {"state": election.get_state_display()})
    if election.election_date and nominated_on >= election.election_date:
        raise RuleViolation("CAL-1", _("Nominations close before election day (%(day)s).")
                            % {"day": election.election_date.isoformat()})


def nominated_on(election, about=None):
    """CAL-5: the day the last of `about` (nominees; default all of the election's) was first nominated — the
    earliest day a meeting deciding on them all may be dated."""
    nominees = Nominee.objects.filter(election=election)
    if about is not None:
        nominees = nominees.filter(pk__in=[n.pk for n in about])
    firsts = nominees.annotate(first=Min("nominations__nominated_on")).values_list("first", flat=True)
    return max((day for day in firsts if day), default=None)


# --- supporting names (CAN-3) ------------------------------------------------------------------------------

def split_supporter_line(line):
    """'王伟' or '王伟 123X' (the last characters of the identity number, for voters of the same name)."""
    parts = line.split()
    return (parts[0], parts[1].upper() if len(parts) > 1 else "") if parts else ("", "")


def match_supporters(election, lines):
    """Match supporting names against the confirmed voters of `election` (CAN-3).

    Returns (supporters, problems): supporters as [{"name", "resident"}]; problems as messages.
    """
    wanted = [split_supporter_line(line) for line in lines if line.strip()]
    voters = defaultdict(list)
    for reg in (Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED,
                                            resident__name__in={name for name, _tail in wanted})
                .select_related("resident")):
        voters[reg.resident.name].append(reg.resident)
    supporters, problems, seen = [], [], set()
    for name, tail in wanted:
        found = [r for r in voters.get(name, []) if r.id_number.upper().endswith(tail)]
        if not found:
            problems.append(_("%(name)s is not a confirmed voter of this election.") % {"name": name})
        elif len(found) > 1:
            problems.append(_("Several voters are called %(name)s: add the last 4 characters of the identity "
                              "number after the name.") % {"name": name})
        elif found[0].pk in seen:
            problems.append(_("%(name)s is listed twice.") % {"name": name})
        else:
            seen.add(found[0].pk)
            supporters.append({"name": name, "resident": found[0].pk, "household": found[0].household_id})
    return supporters, problems


def _joint_problems(election, source, supporters):
    """CAN-3: a joint nomination needs enough voters, or enough households under the household method."""
    rules = election.rules
    if source == NominationSource.JOINT_VOTERS:
        need, have = rules.joint_nomination_voters, len(supporters)
        if have < need:
            return [_("A joint nomination needs at least %(need)s confirmed voters; %(have)s signed.")
                    % {"need": need, "have": have}]
        return []
    if election.method != Method.HOUSEHOLD:
        return [_("A joint nomination by household representatives is made under the household "
                  "representatives method.")]
    problems = [_("%(name)s has no household recorded.") % s for s in supporters if not s["household"]]
    households = Counter(s["household"] for s in supporters if s["household"])
    problems += [_("Several signatures come from one household.")] if any(n > 1 for n in households.values()) else []
    need = rules.joint_nomination_households
    if len(households) < need:
        problems.append(_("A joint nomination needs at least %(need)s household representatives; %(have)s "
                          "households signed.") % {"need": need, "have": len(households)})
    return problems


def _supporters_for(election, source, supporter_lines):
    lines = [line.strip() for line in supporter_lines if line.strip()]
    if source == NominationSource.SELF:
        return []
    if source == NominationSource.GROUP:
        if not lines:
            raise RuleViolation("CAN-3", _("Record the names of those who supported the nomination at the "
                                           "group meeting."))
        return [{"name": line, "resident": None, "household": None} for line in lines]
    supporters, problems = match_supporters(election, lines)
    problems += _joint_problems(election, source, supporters)
    if problems:
        raise RuleViolation("CAN-3", "；".join(str(p) for p in problems))
    return supporters


# --- recording a nomination --------------------------------------------------------------------------------

def _check_nomination_fields(election, *, resident, source, positions, nominated_on, group, group_meeting_on):
    if resident.community_id != election.community_id:
        # SEAT-3: members are elected from the community's own residents.
        raise RuleViolation("SEAT-3", _("%(name)s is not a resident of this community.") % {"name": resident.name})
    if not positions or any(p not in Position.values for p in positions):
        raise RuleViolation("CAN-3", _("Say which position(s) the nomination is for."))
    if any(p not in election.seats for p in positions):
        # AFT-6: a by-election elects only the vacant seats it was called for.
        raise RuleViolation("AFT-6", _("This election elects no %(position)s.") % {
            "position": "、".join(str(Position(p).label) for p in positions if p not in election.seats)})
    # CAL-5: not in the future, not before the voter list was posted (elections/acts.py).
    act_check(DatedAct.NOMINATION, election=election, day=nominated_on, field="nominated_on")
    if source == NominationSource.GROUP:
        if group is None or group.community_id != election.community_id or group_meeting_on is None:
            raise RuleViolation("CAN-3", _("A resident group's nomination names the group of this community and "
                                           "the date of its meeting."))
        if group_meeting_on > nominated_on:
            raise RuleViolation("CAN-3", _("The group meeting cannot be after the date of the nomination."))


def _nominee_for(election, resident, actor):
    nominee, created = Nominee.objects.get_or_create(election=election, resident=resident,
                                                     defaults={"created_by": actor})
    if created:
        # CAN-2: the frozen profile's negative list becomes this nominee's checklist.
        NegativeCheck.objects.bulk_create(
            [NegativeCheck(nominee=nominee, number=i, item=item)
             for i, item in enumerate(election.rules.negative_list or [], start=1)])
        audit_log(actor=actor, action="elections.nominee.created", obj=nominee, election=election,
                  after=model_state(nominee))
    return nominee


def _committee_member_named(election, name):
    """CAN-8: the serving election-committee member of this name, when exactly one has it."""
    members = list(CommitteeMember.objects.filter(election=election, active=True, name=name))
    return members[0] if len(members) == 1 else None


def nomination_record(*, election, actor, resident, source, positions, nominated_on, supporters=(), group=None,
                      group_meeting_on=None, statement="", is_party_secretary=False, accepted=False,
                      committee_member=None):
    """Record one nomination (CAN-3) dated `nominated_on` (CAL-5: entered now, not dated in the future nor
    before the voter list was posted); the nominee is created with their negative-list checklist on the first.

    `supporters`: lines, each a name, or a name and the last characters of the identity number. A
    self-application (自荐) is accepted by the nominee by definition; otherwise pass accepted=True when the
    nominee has accepted — an election-committee member then leaves the committee (CAN-8).
    """
    with transaction.atomic():
        # Lock the election: nominations and the formal-candidate decision must not interleave.
        election = Election.objects.select_for_update().get(pk=election.pk)
        _check_nominations_open(election, nominated_on)
        _check_nomination_fields(election, resident=resident, source=source, positions=positions,
                                 nominated_on=nominated_on, group=group, group_meeting_on=group_meeting_on)
        names = _supporters_for(election, source, supporters)
        nominee = _nominee_for(election, resident, actor)
        nomination = Nomination.objects.create(
            nominee=nominee, source=source, positions=[p for p in Position.values if p in positions],
            nominated_on=nominated_on, group=group if source == NominationSource.GROUP else None,
            group_meeting_on=group_meeting_on if source == NominationSource.GROUP else None,
            supporters=names, statement=statement.strip(), recorded_by=actor)
        audit_log(actor=actor, action="elections.nomination.recorded", obj=nomination, election=election,
                  after=model_state(nomination))
        act_record(DatedAct.NOMINATION, election=election, day=nominated_on, obj=nomination, actor=actor)
        _update_nominee_on_nomination(nominee, actor, is_party_secretary=is_party_secretary,
                                      committee_member=committee_member or _committee_member_named(
                                          election, resident.name))
        if source == NominationSource.SELF or accepted:
            _accept(nominee, actor, nominated_on)
    return nomination


def _update_nominee_on_nomination(nominee, actor, *, is_party_secretary, committee_member):
    before = model_state(nominee, ["is_party_secretary", "committee_member"])
    nominee.is_party_secretary = nominee.is_party_secretary or is_party_secretary
    if nominee.committee_member_id is None and committee_member is not None:
        nominee.committee_member = committee_member
    after = model_state(nominee, ["is_party_secretary", "committee_member"])
    if after != before:
        nominee.save(update_fields=["is_party_secretary", "committee_member"])
        audit_log(actor=actor, action="elections.nominee.updated", obj=nominee, election=nominee.election,
                  before=before, after=after)


# --- acceptance and the election committee (CAN-8) ---------------------------------------------------------

def _leave_committee(nominee, actor):
    """CAN-8: an election-committee member who accepts a nomination leaves the committee."""
    member = nominee.committee_member
    if member is not None and member.active:
        committee_member_leave(member=member, actor=actor,
                               reason=_("Accepted the nomination as a candidate (CAN-8)."))


def _accept(nominee, actor, accepted_on):
    if nominee.accepted_on is None:
        nominee.accepted_on = accepted_on
        nominee.save(update_fields=["accepted_on"])
        audit_log(actor=actor, action="elections.nominee.accepted", obj=nominee, election=nominee.election,
                  after={"accepted_on": accepted_on})
    _leave_committee(nominee, actor)


def nominee_accept(*, nominee, actor, accepted_on=None, today=None):
    """The nominee accepts the nomination; a serving election-committee member leaves the committee (CAN-8)."""
    today = _today(today)
    accepted_on = accepted_on or today
    if accepted_on > today:
        raise RuleViolation("CAN-3", _("An acceptance cannot be dated in the future."))
    with transaction.atomic():
        nominee = Nominee.objects.select_for_update().select_related("election").get(pk=nominee.pk)
        _accept(nominee, actor, accepted_on)
    return nominee


def nominee_update(*, nominee, actor, is_party_secretary, committee_member):
    """Correct the 一肩挑 flag (SEAT-4) and the link to an election-committee seat (CAN-8); a linked member who
    has accepted leaves the committee at once."""
    if committee_member is not None and committee_member.election_id != nominee.election_id:
        raise RuleViolation("CAN-8", _("That committee member belongs to another election."))
    with transaction.atomic():
        nominee = Nominee.objects.select_for_update().select_related("election").get(pk=nominee.pk)
        before = model_state(nominee, ["is_party_secretary", "committee_member"])
        nominee.is_party_secretary, nominee.committee_member = is_party_secretary, committee_member
        nominee.save(update_fields=["is_party_secretary", "committee_member"])
        audit_log(actor=actor, action="elections.nominee.updated", obj=nominee, election=nominee.election,
                  before=before, after=model_state(nominee, ["is_party_secretary", "committee_member"]))
        if nominee.accepted_on:
            _leave_committee(nominee, actor)
    return nominee


# --- the nominee's checks (CAN-1, CAN-2) -------------------------------------------------------------------

def registration_statuses(election, resident_ids):
    """{resident id: registration status} in this election, for the CAN-1 checks."""
    return dict(Registration.objects.filter(election=election, resident_id__in=resident_ids)
                .values_list("resident_id", "status"))


def nominee_checks(nominee, *, status=None):
    """CAN-1 / SEAT-3: every condition the nominee fails for election day (hard first, then warnings)."""
    election = nominee.election
    if status is None:
        status = registration_statuses(election, [nominee.resident_id]).get(nominee.resident_id)
    return eligibility.candidate_checks(resident=nominee.resident, registration_status=status,
                                        community_id=election.community_id, election_day=election.election_date,
                                        rules=election.rules)


@dataclass
class NomineeReport:
    """Everything that decides whether a nominee may become a formal candidate, for pages and services."""

    nominee: Nominee
    checks: list
    negative: list = field(default_factory=list)

    @property
    def hard(self):
        return [c for c in self.checks if not c.warn]

    @property
    def warnings(self):
        return [c for c in self.checks if c.warn]

    @property
    def pending_warnings(self):
        return [c for c in self.warnings if c.code not in self.nominee.warnings_overridden]

    @property
    def unchecked(self):
        return [c for c in self.negative if c.finding == NegativeCheck.Finding.UNCHECKED]

    @property
    def open_findings(self):
        return [c for c in self.negative if c.is_open]

    @property
    def blockers(self):
        """[(rule, message)] that keep the nominee from becoming a formal candidate; empty when none."""
        name = self.nominee.resident.name
        blockers = [(c.rule, c.message) for c in self.hard]
        blockers += [(c.rule, _("Not confirmed with a reason: %(warning)s") % {"warning": c.message})
                     for c in self.pending_warnings]
        if self.unchecked:
            blockers.append(("CAN-2", _("%(n)s item(s) of the negative list are not checked yet for %(name)s.")
                             % {"n": len(self.unchecked), "name": name}))
        blockers += [("CAN-2", _("Open negative-list finding for %(name)s: %(item)s")
                      % {"name": name, "item": c.item}) for c in self.open_findings]
        if self.nominee.accepted_on is None:
            blockers.append(("CAN-3", _("%(name)s has not accepted the nomination.") % {"name": name}))
        member = self.nominee.committee_member
        if member is not None and member.active:
            blockers.append(("CAN-8", _("%(name)s still serves on the election committee.") % {"name": name}))
        return blockers

    @property
    def ready(self):
        return not self.blockers


def nominee_reports(election, nominees=None):
    """A NomineeReport per nominee of `election` (or of `nominees`), in few queries."""
    if nominees is None:
        nominees = (Nominee.objects.filter(election=election)
                    .select_related("resident__group", "committee_member", "election")
                    .prefetch_related("nominations", "negative_checks"))
    nominees = list(nominees)
    for nominee in nominees:
        if nominee.election_id == election.pk:
            nominee.election = election  # one election object for all: no query per nominee
    statuses = registration_statuses(election, [n.resident_id for n in nominees])
    return [NomineeReport(n, nominee_checks(n, status=statuses.get(n.resident_id)), list(n.negative_checks.all()))
            for n in nominees]


def nominee_report(nominee):
    return nominee_reports(nominee.election, [nominee])[0]


def _check_not_candidate(nominee):
    candidacy = Candidate.objects.filter(nominee=nominee).first()
    if candidacy is not None and candidacy.status == Candidate.Status.FORMAL:
        raise RuleViolation("CAN-10", _("%(name)s is a formal candidate: the candidate list changes only "
                                        "through a written withdrawal.") % {"name": nominee.resident.name})


def nominee_override_warnings(*, nominee, actor, reason):
    """CAN-1 warnings (age, education): proceed with a written reason, recorded and shown to the supervisor."""
    with transaction.atomic():
        nominee = Nominee.objects.select_for_update().select_related("resident", "election").get(pk=nominee.pk)
        pending = [c for c in nominee_checks(nominee) if c.warn and c.code not in nominee.warnings_overridden]
        if not pending:
            return []
        made = record_overrides(election=nominee.election, warnings=[RuleWarning(c.rule, c.message)
                                                                     for c in pending],
                                reason=reason, actor=actor, obj=nominee)
        before = list(nominee.warnings_overridden)
        nominee.warnings_overridden = before + [c.code for c in pending]
        nominee.save(update_fields=["warnings_overridden"])
        audit_log(actor=actor, action="elections.nominee.warnings_overridden", obj=nominee,
                  election=nominee.election, before={"warnings_overridden": before},
                  after={"warnings_overridden": nominee.warnings_overridden}, data={"reason": reason.strip()})
    return made


def _check_evidence(evidence):
    if not evidence.strip():
        raise RuleViolation("CAN-2", _("Record the evidence of the check (what was consulted, and what it "
                                       "showed)."))


def _record_check(check, actor, finding, evidence, data=None):
    """Write one item's check — finding, evidence, who and when — and its audit entry; a new check replaces
    a resolution of the old one."""
    before = model_state(check)
    check.finding, check.evidence = finding, evidence.strip()
    check.checked_by, check.checked_at = actor, clock.now()
    check.resolved, check.resolution, check.resolved_by, check.resolved_at = False, "", None, None
    check.save()
    audit_log(actor=actor, action="elections.negative_check.recorded", obj=check,
              election=check.nominee.election, before=before, after=model_state(check), data=data)


def negative_check_record(*, check, actor, finding, evidence):
    """CAN-2: one item of the negative list checked, with its finding and evidence, by `actor`."""
    if finding not in (NegativeCheck.Finding.CLEAR, NegativeCheck.Finding.FOUND):
        raise RuleViolation("CAN-2", _("Say whether the condition was found or not."))
    _check_evidence(evidence)
    with transaction.atomic():
        check = NegativeCheck.objects.select_for_update().select_related("nominee__election",
                                                                         "nominee__resident").get(pk=check.pk)
        _check_not_candidate(check.nominee)
        _record_check(check, actor, finding, evidence)
    return check


def negative_checks_record(*, nominee, actor, checks, evidence, found=(), notes=None):
    """CAN-2: the items `checks` of one nominee's negative list checked at once, with one evidence note; the
    items in `found` are findings, the others clear. `notes` ({check id: text}) adds what concerns one item.

    Every item is recorded and audited on its own as checked by `actor`, as if checked one by one. Only items
    not checked yet are taken: one checked meanwhile by someone else refuses the whole batch (nothing is half
    done), so that nobody's finding is overwritten unseen.
    """
    ids, found, notes = {int(c) for c in checks}, {int(c) for c in found}, notes or {}
    if not ids:
        raise RuleViolation("CAN-2", _("No item of the negative list is left to check."))
    if not found <= ids:
        raise RuleViolation("CAN-2", _("A finding can only be marked on an item being checked."))
    _check_evidence(evidence)
    with transaction.atomic():
        nominee = Nominee.objects.select_for_update().select_related("election", "resident").get(pk=nominee.pk)
        _check_not_candidate(nominee)
        items = list(NegativeCheck.objects.select_for_update().filter(nominee=nominee, pk__in=ids)
                     .order_by("number"))
        if len(items) != len(ids):
            raise RuleViolation("CAN-2", _("Some of these items are not on %(name)s's negative list.")
                                % {"name": nominee.resident.name})
        done = [item for item in items if item.finding]
        if done:
            raise RuleViolation("CAN-2", _("Item %(numbers)s was checked meanwhile: reload the page and check "
                                           "the rest.") % {"numbers": "、".join(str(c.number) for c in done)})
        for item in items:
            item.nominee = nominee
            note = str(notes.get(item.pk, "")).strip()
            finding = NegativeCheck.Finding.FOUND if item.pk in found else NegativeCheck.Finding.CLEAR
            _record_check(item, actor, finding, f"{evidence.strip()}；{note}" if note else evidence,
                          data={"checked_together": len(items)})
    return items


def negative_finding_resolve(*, check, actor, resolution):
    """CAN-2: a finding no longer holds (e.g. taken off the dishonest-debtor list), with the written grounds."""
    if not resolution.strip():
        raise RuleViolation("CAN-2", _("Give the grounds on which the finding is resolved."))
    with transaction.atomic():
        check = NegativeCheck.objects.select_for_update().select_related("nominee__election",
                                                                         "nominee__resident").get(pk=check.pk)
        if not check.is_open:
            raise RuleViolation("CAN-2", _("Only an open finding can be resolved."))
        _check_not_candidate(check.nominee)
        before = model_state(check)
        check.resolved, check.resolution = True, resolution.strip()
        check.resolved_by, check.resolved_at = actor, clock.now()
        check.save()
        audit_log(actor=actor, action="elections.negative_check.resolved", obj=check,
                  election=check.nominee.election, before=before, after=model_state(check))
    return check


# --- introductions (CAN-7) and near relatives (CAN-9) ------------------------------------------------------

def introductions_update(*, nominee, actor, committee_introduction, self_introduction):
    """CAN-7: the introduction by the election committee and by the candidate, on record."""
    fields = ["committee_introduction", "self_introduction"]
    with transaction.atomic():
        nominee = Nominee.objects.select_for_update().select_related("election").get(pk=nominee.pk)
        before = model_state(nominee, fields)
        nominee.committee_introduction = committee_introduction.strip()
        nominee.self_introduction = self_introduction.strip()
        nominee.save(update_fields=fields)
        audit_log(actor=actor, action="elections.nominee.introductions_updated", obj=nominee,
                  election=nominee.election, before=before, after=model_state(nominee, fields))
    return nominee


def relation_record(*, nominee, actor, kind, role, relative_nominee=None, relative_name="", note=""):
    """CAN-9: record that `nominee` has a near relative (a kind the profile lists) among the nominees, the
    counting staff, or elsewhere."""
    election = nominee.election
    if kind not in (election.rules.near_relatives or []):
        raise RuleViolation("CAN-9", _("“%(kind)s” is not a near relation under the rule profile.") % {"kind": kind})
    if role == Relation.Role.NOMINEE:
        if relative_nominee is None or relative_nominee.election_id != election.pk:
            raise RuleViolation("CAN-9", _("Choose the other nominee of this election."))
        if relative_nominee.pk == nominee.pk:
            raise RuleViolation("CAN-9", _("A nominee is not their own relative."))
        relative_name = relative_nominee.resident.name
    else:
        relative_nominee = None
    if not relative_name.strip():
        raise RuleViolation("CAN-9", _("Give the relative's name."))
    with transaction.atomic():
        relation = Relation.objects.create(election=election, nominee=nominee, kind=kind, role=role,
                                           relative_nominee=relative_nominee, relative_name=relative_name.strip(),
                                           note=note.strip(), recorded_by=actor)
        audit_log(actor=actor, action="elections.relation.recorded", obj=relation, election=election,
                  after=model_state(relation))
    return relation


def relation_delete(*, relation, actor):
    with transaction.atomic():
        before = model_state(relation)
        audit_log(actor=actor, action="elections.relation.deleted", obj=relation, election=relation.election,
                  before=before)
        relation.delete()

"""The handover (交接, AFT-2) and the end of the election (AFT-7): the two doors of elections/states.py.

- `handover_start` (door "handover_start", results certified → handover): the new committee takes office and
  the handover record opens with the rule's eight items, to be described, counted and noted. A by-election's
  door is the same step: its elected take their seats on the committee it completes (AFT-6).
- `handover_items_save`: items are added, changed and removed until the first signature.
- `handover_sign`: the outgoing committee's chair, the incoming chair and the presiding street official sign
  in that order, each on a recorded day. The third signature completes the handover: the record is sealed
  (the services refuse any change; database triggers too), the election committee's term ends (AFT-7) and the
  checklist step "handover_done" is done on that day.
- `election_close` (door "election_close", handover → closed): only once the handover is complete and every
  complaint is decided (AFT-5); a wrap-up item still missing (AFT-3) is a warning to confirm with a reason.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log, model_state
from elections.checklist import step_done
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation, RuleWarning
from elections.services.overrides import record_overrides
from elections.states import State

from ..models import Handover, HandoverItem, HandoverSignature
from ..selectors import open_complaints, re_election_ordered, wrap_up_checklist
from .committee import in_office, locked_election, previous_chair, seats_take_office

Category = HandoverItem.Category
Party = HandoverSignature.Party
# The rule's items (AFT-2), as the record opens with them: described the way the printed record words them.
STANDARD_ITEMS = [
    (Category.SEAL, "社区居民委员会印章（公章）"),
    (Category.PREMISES, "办公用房"),
    (Category.EQUIPMENT, "办公设备"),
    (Category.PROPERTY, "集体财物及账目"),
    (Category.FIXED_ASSETS, "固定资产"),
    (Category.ARCHIVES, "工作档案资料"),
    (Category.CLAIMS_DEBTS, "债权债务"),
    (Category.OTHER, "其他未尽事项"),
]
ITEM_FIELDS = ("category", "description", "quantity", "note")


# --- the door "handover_start" ---------------------------------------------------------------------------------

def handover_start_problems(election):
    """[(rule, message)] that keep the handover from beginning now (the door "handover_start")."""
    if election.state != State.CERTIFIED:
        return [("AFT-2", _("The handover begins once the result is certified (the election is at “%(state)s”).")
                 % {"state": State(election.state).label})]
    problems = []
    if election.results_certified_on is None:
        problems.append(("AFT-1", _("The result is not certified.")))
    ordered = re_election_ordered(election)
    if ordered:
        problems.append(("AFT-5", _("The street office ordered a new election (%(complaint)s): this result does "
                                    "not take office.") % {"complaint": ordered}))
    return problems


def _check_day(day, *, earliest, field, earliest_message):
    """CAL-5: an act is dated on the day it happened: not in the future, not before what it follows."""
    if day > clock.today():
        raise RuleViolation("CAL-5", _("A date in the future cannot be recorded."), field=field)
    if earliest and day < earliest:
        raise RuleViolation("CAL-5", earliest_message, field=field)


def handover_start(*, election, actor, started_on=None, outgoing_chair="", incoming_chair=""):
    """Open the handover (AFT-2): the new committee takes office, the record starts with the rule's items, and
    the election moves to "handover". A by-election's elected take their seats instead (AFT-6)."""
    started_on = started_on or clock.today()
    with transaction.atomic():
        election = locked_election(election)
        problems = handover_start_problems(election)
        if problems:
            raise RuleViolation(*problems[0])
        _check_day(started_on, earliest=election.results_certified_on, field="started_on",
                   earliest_message=_("The handover cannot begin before the result was certified."))
        if election.is_by_election:
            return _by_election_seats(election, actor)
        seats_take_office(committee_of=election, elected_in=election, actor=actor)
        chair = next((s for s in in_office(election) if s.position == "chair"), None)
        incoming_chair = incoming_chair.strip() or (chair.name if chair else "")
        outgoing_chair = outgoing_chair.strip() or previous_chair(election)
        if not outgoing_chair:
            raise RuleViolation("AFT-2", _("Name the chair of the outgoing committee, who hands over."),
                                field="outgoing_chair")
        if not incoming_chair:
            raise RuleViolation("AFT-2", _("Name who receives the handover for the new committee (its chair's "
                                           "seat is vacant)."), field="incoming_chair")
        handover = Handover.objects.create(election=election, started_on=started_on, started_by=actor,
                                           outgoing_chair=outgoing_chair[:50], incoming_chair=incoming_chair[:50])
        HandoverItem.objects.bulk_create([HandoverItem(handover=handover, category=category, description=text,
                                                       added_by=actor) for category, text in STANDARD_ITEMS])
        audit_log(actor=actor, action="aftermath.handover.started", obj=handover, election=election,
                  after=model_state(handover), data={"items": [text for _category, text in STANDARD_ITEMS]})
        election_transition(election=election, to=State.HANDOVER, actor=actor, door="handover_start",
                            rule="AFT-2")
    return handover


def _by_election_seats(election, actor):
    """AFT-6: a by-election's elected take their seats on the committee it completes."""
    seats = seats_take_office(committee_of=election.completes, elected_in=election, actor=actor)
    step_done(election=election, step="handover_done", actor=actor)
    election_transition(election=election, to=State.HANDOVER, actor=actor, door="handover_start",
                        reason=_("The elected took their seats on the committee."), rule="AFT-6")
    return seats


# --- the items ---------------------------------------------------------------------------------------------------

def _locked_handover(handover):
    locked_election(handover.election)
    return Handover.objects.select_for_update().select_related("election__community").get(pk=handover.pk)


def _check_items_open(handover):
    if handover.is_complete or handover.signatures.exists():
        raise RuleViolation("AFT-2", _("The handover record has been signed: its items no longer change."))


def _clean_row(row):
    values = {k: (row.get(k) or "").strip() for k in ITEM_FIELDS}
    if values["category"] not in Category.values:
        raise RuleViolation("AFT-2", _("Choose the category of each item."))
    if not values["description"]:
        raise RuleViolation("AFT-2", _("Describe each item."))
    return values


def handover_items_save(*, handover, rows, actor):
    """Apply the checklist as edited: rows of {"item": HandoverItem or None (a new one), "category",
    "description", "quantity", "note", "remove": bool}. Only before the first signature (AFT-2)."""
    with transaction.atomic():
        handover = _locked_handover(handover)
        _check_items_open(handover)
        existing = {item.pk: item for item in handover.items.all()}
        for row in rows:
            item = row.get("item")
            if item is not None and item.pk not in existing:
                raise RuleViolation("AFT-2", _("That item belongs to another handover."))
            if item is not None and row.get("remove"):
                audit_log(actor=actor, action="aftermath.handover.item_removed", obj=handover,
                          election=handover.election, before=model_state(existing[item.pk], ITEM_FIELDS))
                existing.pop(item.pk).delete()
                continue
            if row.get("remove"):
                continue
            values = _clean_row(row)
            if item is None:
                created = HandoverItem.objects.create(handover=handover, added_by=actor, **values)
                audit_log(actor=actor, action="aftermath.handover.item_added", obj=created,
                          election=handover.election, after=model_state(created, ITEM_FIELDS))
                continue
            item = existing[item.pk]
            before = model_state(item, ITEM_FIELDS)
            if before != values:
                for key, value in values.items():
                    setattr(item, key, value)
                item.save(update_fields=list(ITEM_FIELDS))
                audit_log(actor=actor, action="aftermath.handover.item_changed", obj=item,
                          election=handover.election, before=before, after=values)
    return handover


def sign_problems(handover):
    """What the record needs before anyone signs it (AFT-2): every item of the rule, each with its quantity or
    amount (“无” where there is none)."""
    items = list(handover.items.all())
    problems = []
    missing = [label for value, label in Category.choices if not any(i.category == value for i in items)]
    if missing:
        problems.append(("AFT-2", _("The record lacks these items of the rule: %(items)s.")
                         % {"items": "、".join(str(m) for m in missing)}))
    blank = [i.description for i in items if not i.quantity.strip()]
    if blank:
        problems.append(("AFT-2", _("Give the quantity or amount (or “无”) of: %(items)s.")
                         % {"items": "、".join(blank)}))
    return problems


# --- the signatures -------------------------------------------------------------------------------------------

def next_party(handover):
    """The party whose signature comes next, or None when all three have signed."""
    signed = set(handover.signatures.values_list("party", flat=True))
    return next((party for party in Party if party not in signed), None)



def handover_sign(*, handover, party, actor, signer_name, signed_on, note=""):
    """Record one signature of the handover record, in order (AFT-2). The third completes the handover: the
    record is sealed and the election committee's term ends (AFT-7)."""
    signer_name = (signer_name or "").strip()
    if not signer_name:
        raise RuleViolation("AFT-2", _("Give the name of the person who signed."), field="signer_name")
    with transaction.atomic():
        handover = _locked_handover(handover)
        if handover.is_complete:
            raise RuleViolation("AFT-2", _("The handover is complete: its record no longer changes."))
        expected = next_party(handover)
        if party != expected:
            raise RuleViolation("AFT-2", _("The signatures come in order: next is the %(party)s.")
                                % {"party": Party(expected).label})
        problems = sign_problems(handover)
        if problems:
            raise RuleViolation(*problems[0])
        last = handover.signatures.order_by("-order").first()
        _check_day(signed_on, earliest=last.signed_on if last else handover.started_on, field="signed_on",
                   earliest_message=_("A signature cannot be dated before the one it follows, nor before the "
                                      "handover began."))
        signature = HandoverSignature.objects.create(
            handover=handover, party=party, order=HandoverSignature.ORDER[party], signer_name=signer_name[:50],
            signed_on=signed_on, note=note.strip()[:200], recorded_by=actor)
        audit_log(actor=actor, action="aftermath.handover.signed", obj=signature, election=handover.election,
                  after=model_state(signature, ["party", "order", "signer_name", "signed_on", "note"]))
        if party == Party.STREET:
            _complete(handover, signed_on, actor)
    return signature


def _complete(handover, day, actor):
    """AFT-2, AFT-7: the third signature completes the handover; the election committee's term ends."""
    election = handover.election
    handover.completed_on, handover.completed_at = day, clock.now()
    handover.save(update_fields=["completed_on", "completed_at"])
    election.committee_term_ended_on = day
    election.save(update_fields=["committee_term_ended_on"])
    step_done(election=election, step="handover_done", actor=actor, on=day,
              note=_("Signed by all three on %(day)s") % {"day": day.isoformat()})
    audit_log(actor=actor, action="aftermath.handover.completed", obj=handover, election=election,
              after={"completed_on": day, "items": handover.items.count()})
    audit_log(actor=actor, action="elections.committee.term_ended", obj=election,
              after={"committee_term_ended_on": day}, data={"rule": "AFT-7"})


# --- the door "election_close" ------------------------------------------------------------------------------

def election_close_problems(election):
    """[(rule, message)] that keep the election from being closed now (the door "election_close")."""
    if election.state != State.HANDOVER:
        return [("AFT-7", _("An election is closed once its handover is complete (the election is at "
                            "“%(state)s”).") % {"state": State(election.state).label})]
    problems = []
    handover = Handover.objects.filter(election=election).first()
    if not election.is_by_election and (handover is None or not handover.is_complete):
        problems.append(("AFT-2", _("The handover record is not signed by all three yet: the outgoing chair, "
                                    "the incoming chair and the presiding street official.")))
    undecided = open_complaints(election).count()
    if undecided:
        problems.append(("AFT-5", _("%(n)s complaint(s) about the election await the street office's decision.")
                         % {"n": undecided}))
    ordered = re_election_ordered(election)
    if ordered:
        problems.append(("AFT-5", _("The street office ordered a new election (%(complaint)s).")
                         % {"complaint": ordered}))
    return problems


def close_warnings(election):
    """AFT-3 (warn): wrap-up items not done yet."""
    if election.is_by_election:
        return []
    return [RuleWarning("AFT-3", _("Not done yet: %(item)s.") % {"item": item.label})
            for item in wrap_up_checklist(election) if not item.done]


def election_close(*, election, actor, reason=""):
    """Close the election (AFT-7). Wrap-up items still missing (AFT-3) need a written reason."""
    with transaction.atomic():
        election = locked_election(election)
        problems = election_close_problems(election)
        if problems:
            raise RuleViolation(*problems[0])
        record_overrides(election=election, warnings=close_warnings(election), reason=reason, actor=actor)
        election = election_transition(election=election, to=State.CLOSED, actor=actor, door="election_close",
                                       reason=(reason or "").strip(), rule="AFT-7")
    return election

"""Dates the law counts (RULES CAL-5): every dated act records the day it happened beside the moment it was
entered; an act dated in the future or before what it follows is refused, and one dated more than the profile's
days (seed: 3) before its entry is accepted as back-dated and flagged to the street-office supervisor.

The one table of what each act follows is ACTS below. Each prerequisite names a FACT — something that happened
on a day — and the rule that orders the two. The day of a fact is read by a function: those on this floor are
here; an app above registers the facts it keeps (`register_fact` in its AppConfig.ready, as it registers its
guards), so that this module never imports upwards. A fact that has not happened at all is skipped, unless the
prerequisite is `required`: then the act waits for it.

Services call `act_check(...)` before they write and `act_record(...)` after, in the same transaction.
"""
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access, clock
from .audit import audit_log
from .models import BackdatedAct, DatedAct, Meeting, StepCompletion
from .services.errors import RuleViolation


@dataclass(frozen=True)
class Prerequisite:
    fact: str
    rule: str
    required: bool = False


@dataclass(frozen=True)
class Fact:
    label: str
    day: callable = None  # day(election, about) -> date | None; None until an app registers it


P = Prerequisite

# What each dated act follows, and by which rule (RULES.md; the seed's 第2篇 五(二) gives the order: committee,
# method, registration and the posted list, nominations, the meeting that decides the candidates, their posting).
ACTS = {
    DatedAct.MEETING_COMMITTEE: (),
    # MTH-1: the election committee convenes the representatives meeting that decides the method.
    DatedAct.MEETING_METHOD: (P("committee_chosen", "MTH-1"),),
    DatedAct.MEETING_OTHER: (),
    # CAL-2: election day and the method are fixed before the list is posted; VOT-4: the committee registers
    # and confirms the voters who are on it.
    DatedAct.VOTER_LIST_POSTED: (P("committee_chosen", "VOT-4"), P("method_decided", "CAL-2"),
                                 P("election_day_fixed", "CAL-2"), P("voters_confirmed", "VOT-4")),
    DatedAct.VOTER_LIST_REPOSTED: (P("postponed", "CAL-4", required=True),),
    DatedAct.SUPPLEMENTARY_LIST_POSTED: (P("voter_list_posted", "VOT-10", required=True),
                                         P("list_changes_recorded", "VOT-10")),
    DatedAct.LIST_CHANGE: (P("voter_list_posted", "VOT-10", required=True), P("objection_decided", "VOT-6")),
    DatedAct.OBJECTION_RECEIVED: (P("voter_list_posted", "VOT-6", required=True),),
    DatedAct.OBJECTION_DECIDED: (P("objection_received", "VOT-6", required=True),),
    DatedAct.OBJECTIONS_CLOSED: (P("voter_list_posted", "VOT-6", required=True),),
    # The seed (第2篇 五(二)3–4): voters are registered and the list posted, then candidates are nominated.
    DatedAct.NOMINATION: (P("voter_list_posted", "CAN-3", required=True),),
    # CAN-4: the new representatives meeting decides among those nominated.
    DatedAct.MEETING_CANDIDATES: (P("voter_list_posted", "CAN-4"), P("nominated", "CAN-4")),
    # CAN-6: what is posted is what the meeting decided.
    DatedAct.CANDIDATES_POSTED: (P("candidates_decided", "CAN-6", required=True),),
    # CAL-4: a notice the postponement sent back to the board goes up again after the decision.
    DatedAct.CANDIDATES_REPOSTED: (P("postponed", "CAL-4", required=True),),
    # PRX-4: both are voters on the posted list; PRX-2: the written authorisation comes with the application.
    DatedAct.PROXY_APPLIED: (P("voter_list_posted", "PRX-4"), P("authorisation_signed", "PRX-2")),
    DatedAct.PROXY_DECIDED: (P("proxy_applied", "PRX-2", required=True),),
    DatedAct.PROXIES_ARRANGED: (),
    # VOT-8: a voter on the list declares they cannot come (its 2 days before the vote are the rule's own check).
    DatedAct.ABSENCE_DECLARED: (),
    DatedAct.POSTPONEMENT: (),
    DatedAct.ELECTION_NOTICE_REPOSTED: (P("postponed", "CAL-4", required=True),),
}


def _step_day(step):
    def day(election, about):
        return (StepCompletion.objects.filter(election=election, step=step)
                .values_list("done_on", flat=True).first())
    return day


def _meeting_day(kind):
    def day(election, about):
        return (Meeting.objects.filter(election=election, kind=kind).order_by("-held_on")
                .values_list("held_on", flat=True).first())
    return day


def _attribute(name):
    """The day is a field of the object the act concerns (the objection decided, the proxy applied for)."""
    def day(election, about):
        return getattr(about, name, None)
    return day


def _method_day(election, about):
    meeting = election.method_meeting_id and Meeting.objects.filter(pk=election.method_meeting_id).first()
    return meeting.held_on if meeting else None


def _postponed_day(election, about):
    return election.postponements.order_by("-decided_on").values_list("decided_on", flat=True).first()


FACTS = {
    "committee_chosen": Fact(gettext_lazy("the representatives meeting that chose the election committee"),
                             _meeting_day(Meeting.Kind.COMMITTEE)),
    "method_decided": Fact(gettext_lazy("the representatives meeting that decided the election method"), _method_day),
    "election_day_fixed": Fact(gettext_lazy("the fixing of election day"), _step_day("election_day_set")),
    "voter_list_posted": Fact(gettext_lazy("the posting of the voter list"), _step_day("voter_list_published")),
    "candidates_decided": Fact(gettext_lazy("the representatives meeting that decided the formal candidates"),
                               _meeting_day(Meeting.Kind.CANDIDATES)),
    "objection_received": Fact(gettext_lazy("the receipt of the objection"), _attribute("received_on")),
    "objection_decided": Fact(gettext_lazy("the decision on the objection"), _attribute("decided_on")),
    "proxy_applied": Fact(gettext_lazy("the proxy application"), _attribute("applied_on")),
    "authorisation_signed": Fact(gettext_lazy("the signing of the written authorisation"),
                                 _attribute("authorisation_signed_on")),
    "postponed": Fact(gettext_lazy("the street office's postponement decision"), _postponed_day),
    # Registered by the apps that keep them (voters, candidates):
    "voters_confirmed": Fact(gettext_lazy("the confirmation of the voters on the list")),
    "list_changes_recorded": Fact(gettext_lazy("the recording of the changes it posts")),
    "nominated": Fact(gettext_lazy("the nomination of those voted on")),
}


def register_fact(fact, day):
    """An app above this one says how to read the day of a fact it keeps: `day(election, about) -> date|None`."""
    assert fact in FACTS, fact
    FACTS[fact] = Fact(FACTS[fact].label, day)


def fact_day(fact, *, election, about=None):
    reader = FACTS[fact].day
    return reader(election, about) if reader else None


def act_problems(act, *, election, day, about=None):
    """[(rule, message)] that refuse `act` dated `day`: a day still to come, or a day before a prerequisite."""
    label = DatedAct(act).label
    if day > clock.today():
        return [("CAL-5", _("%(act)s cannot be dated %(day)s, a day still to come.")
                 % {"act": _capital(label), "day": day.isoformat()})]
    problems = []
    for prerequisite in ACTS[DatedAct(act)]:
        fact = FACTS[prerequisite.fact]
        happened = fact_day(prerequisite.fact, election=election, about=about)
        if happened is None:
            if prerequisite.required:
                problems.append(("CAL-5", _("%(act)s comes after %(fact)s, which is not recorded yet (%(rule)s).")
                                 % {"act": _capital(label), "fact": fact.label, "rule": prerequisite.rule}))
        elif day < happened:
            problems.append(("CAL-5", _("%(act)s cannot be dated %(day)s: that is before %(fact)s on "
                                        "%(fact_day)s (%(rule)s).")
                             % {"act": _capital(label), "day": day.isoformat(), "fact": fact.label,
                                "fact_day": happened.isoformat(), "rule": prerequisite.rule}))
    return problems


def _capital(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def act_check(act, *, election, day, about=None, field=None):
    """Refuse (RuleViolation, CAL-5) an act dated in the future or before its prerequisites."""
    problems = act_problems(act, election=election, day=day, about=about)
    if problems:
        raise RuleViolation(problems[0][0], "；".join(str(m) for _r, m in problems), field=field)


def days_back(day):
    """Whole days between the act's day and today (0: dated today)."""
    return (clock.today() - day).days


def is_backdated(election, day):
    """CAL-5: dated more than the profile's days before its entry (seed: 3 days back is on time, 4 is not)."""
    return days_back(day) > election.rules.backdate_flag_days


def act_record(act, *, election, day, obj, actor):
    """Call after the act is saved, in its transaction: a back-dated act is recorded for the supervisor and
    in the audit log. Returns the BackdatedAct, or None when the act was entered in time."""
    if not is_backdated(election, day):
        return None
    flag = BackdatedAct.objects.create(
        election=election, act=act, day=day, entered_at=clock.now(), days_back=days_back(day),
        entered_by=actor if actor is not None and actor.is_authenticated else None,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "")
    audit_log(actor=actor, action="elections.act.backdated", obj=flag, election=election,
              after={"act": act, "day": day, "days_back": flag.days_back,
                     "object": f"{flag.object_type}#{flag.object_id}"})
    return flag


def backdated_act_acknowledge(*, flag, actor, note=""):
    """The street office has seen a back-dated act (CAL-5) and says so, with an optional note."""
    if actor is None or not access.can_supervise_community(actor, flag.election.community):
        raise RuleViolation("CAL-5", _("Back-dated acts are acknowledged by the street office: a street "
                                       "supervisor or district administrator of this community."))
    with transaction.atomic():
        flag = BackdatedAct.objects.select_for_update().select_related("election__community").get(pk=flag.pk)
        if flag.acknowledged:
            raise RuleViolation("CAL-5", _("This back-dated act was already acknowledged."))
        flag.acknowledged_by, flag.acknowledged_at = actor, clock.now()
        flag.acknowledgement_note = (note or "").strip()
        flag.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
        audit_log(actor=actor, action="elections.act.backdated_acknowledged", obj=flag, election=flag.election,
                  after={"note": flag.acknowledgement_note})
    return flag

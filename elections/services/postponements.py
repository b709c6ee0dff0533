"""Postponement (改期, RULES CAL-4): once the voter list is posted, election day changes only by a written
street-office decision — new day, reason, document number (文号) and the date of the decision — entered by a
street supervisor or district administrator of the community.

Every deadline is computed from election day, so they all move with it (the checklist, the objections, the
proxies, the first round's voting day). The notices on the board do not: `election_postpone` marks the ones
the new day sends back to the board (NoticeRepost) — a list whose posting period the new day no longer
satisfies, and the election announcement, which prints the day — until they are posted again
(`notice_reposted`, called by the service that records each posting).

Apps above this one say what else stops a postponement (`register_postponement_check`): polling refuses it
once a ballot of the first round has been issued.
"""
import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .. import access, clock
from ..acts import act_check, act_record
from ..audit import audit_log, model_state
from ..models import DatedAct, Election, NoticeRepost, Postponement
from ..states import RESULT_CERTIFIED
from .elections import POSTED_NOTICES, election_day_locked, notice_posted_on, posting_deadline_warnings
from .errors import RuleViolation
from .overrides import record_overrides

Notice = NoticeRepost.Notice
_CHECKS = []


def register_postponement_check(check):
    """An app above this one adds `check(election) -> [(rule, message)]`: what stops a postponement now."""
    _CHECKS.append(check)


def postponement_problems(election):
    """[(rule, message)] that stop election day being postponed now; empty when it may be."""
    if election.state in RESULT_CERTIFIED:
        return [("CAL-4", _("The election is held and its results certified: its day no longer changes."))]
    if not election_day_locked(election):
        return [("CAL-4", _("The voter list is not posted yet: change election day in the election settings."))]
    return [problem for check in _CHECKS for problem in check(election)]


def _check_decision(election, actor, new_date, reason, document_number, decided_on):
    if actor is None or not access.can_supervise_community(actor, election.community):
        raise RuleViolation("CAL-4", _("A postponement is the street office's decision: it is entered by a "
                                       "street supervisor or district administrator of this community."))
    problems = postponement_problems(election)
    if problems:
        raise RuleViolation(problems[0][0], "；".join(str(m) for _r, m in problems))
    if not (reason or "").strip():
        raise RuleViolation("CAL-4", _("Give the reason for the postponement."), field="reason")
    if not (document_number or "").strip():
        raise RuleViolation("CAL-4", _("Give the document number (文号) of the street office's decision."),
                            field="document_number")
    if new_date is None or new_date == election.election_date:
        raise RuleViolation("CAL-4", _("The new election day must differ from the present one (%(day)s).")
                            % {"day": election.election_date.isoformat()}, field="new_date")
    if new_date <= clock.today():
        raise RuleViolation("CAL-4", _("The new election day must lie ahead: %(day)s is not after today.")
                            % {"day": new_date.isoformat()}, field="new_date")
    act_check(DatedAct.POSTPONEMENT, election=election, day=decided_on, field="decided_on")


def election_postpone(*, election, new_date, reason, document_number, decided_on, actor, override_reason=""):
    """CAL-4: move election day to `new_date` by the street office's decision. A new day that leaves no time
    for the posting deadlines (VOT-5, CAN-6) is a warning confirmed with `override_reason`. Returns the
    Postponement; the notices it sends back to the board are its `reposts`."""
    with transaction.atomic():
        # Lock: a clerk posting a list, or a second supervisor, waits for the new day.
        election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
        _check_decision(election, actor, new_date, reason, document_number, decided_on)
        record_overrides(election=election, warnings=posting_deadline_warnings(election, new_date),
                         reason=override_reason, actor=actor, obj=election)
        postponement = Postponement.objects.create(
            election=election, old_date=election.election_date, new_date=new_date, reason=reason.strip(),
            document_number=document_number.strip(), decided_on=decided_on, entered_by=actor)
        before = {"election_date": election.election_date}
        election.election_date = new_date
        election.save(update_fields=["election_date"])
        audit_log(actor=actor, action="elections.election.postponed", obj=election, before=before,
                  after={"election_date": new_date},
                  data={"postponement": postponement.pk, **model_state(
                      postponement, ["reason", "document_number", "decided_on"])})
        _mark_reposts(election, postponement, actor)
        act_record(DatedAct.POSTPONEMENT, election=election, day=decided_on, obj=postponement, actor=actor)
    return postponement


def _mark_reposts(election, postponement, actor):
    """The notices the new day sends back to the board: the lists whose posting period it no longer satisfies
    (VOT-5, CAN-6), and the election announcement, which prints the day."""
    needed = {Notice.ELECTION_NOTICE: None}
    for notice, _step, _rule, days in POSTED_NOTICES:
        posted = notice_posted_on(election, notice)
        if posted and posted + datetime.timedelta(days=getattr(election.rules, days)) > postponement.new_date:
            needed[notice] = posted
    for open_repost in election.notice_reposts.filter(reposted_on__isnull=True):
        if open_repost.notice not in needed:
            # An earlier postponement sent it back; the new day no longer needs it posted again.
            audit_log(actor=actor, action="elections.notice.repost_withdrawn", obj=open_repost,
                      election=election, before=model_state(open_repost))
            open_repost.delete()
    for notice, posted in needed.items():
        # A notice already waiting keeps the postponement that first sent it back: what is on the board still
        # prints the day before that one.
        repost, created = NoticeRepost.objects.get_or_create(
            election=election, notice=notice, reposted_on__isnull=True,
            defaults={"postponement": postponement, "posted_on": posted})
        if created:
            audit_log(actor=actor, action="elections.notice.repost_needed", obj=repost, election=election,
                      after=model_state(repost, ["notice", "posted_on", "postponement"]))


def open_reposts(election):
    return election.notice_reposts.filter(reposted_on__isnull=True).select_related("postponement", "election")


def notice_reposted(*, election, notice, posted_on, actor):
    """The notice was posted again on `posted_on`: close its mark. For the services that record each posting
    (the voter list, the formal candidates, the election announcement), inside their transaction. Returns the
    NoticeRepost closed, or None when the notice was not waiting to be posted again. The caller has checked
    the day (its act's prerequisites include the postponement, elections/acts.py)."""
    repost = (NoticeRepost.objects.select_for_update()
              .filter(election=election, notice=notice, reposted_on__isnull=True).first())
    if repost is None:
        return None
    before = model_state(repost)
    repost.reposted_on, repost.reposted_at, repost.reposted_by = posted_on, clock.now(), actor
    repost.save(update_fields=["reposted_on", "reposted_at", "reposted_by"])
    audit_log(actor=actor, action="elections.notice.reposted", obj=repost, election=election, before=before,
              after=model_state(repost))
    return repost


def election_notice_repost(*, election, posted_on, actor):
    """CAL-4: the election announcement (选举公告), which prints election day, is posted again after a
    postponement."""
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        act_check(DatedAct.ELECTION_NOTICE_REPOSTED, election=election, day=posted_on, field="posted_on")
        repost = notice_reposted(election=election, notice=Notice.ELECTION_NOTICE, posted_on=posted_on,
                                 actor=actor)
        if repost is None:
            raise RuleViolation("CAL-4", _("The election announcement is not waiting to be posted again."))
        act_record(DatedAct.ELECTION_NOTICE_REPOSTED, election=election, day=posted_on, obj=repost, actor=actor)
    return repost

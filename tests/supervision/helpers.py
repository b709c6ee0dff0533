"""Streets of communities at every stage for the dashboard's tests (made with the ORM: the figures, not the
services, are under test here)."""
import datetime

from aftermath.models import Handover, HandoverSignature
from counting.models import CountRound
from elections import clock
from elections.models import BackdatedAct, Election, Override
from elections.states import State
from polling.models import Round
from tests import factories


def override(election, *, reviewed_by=None):
    return Override.objects.create(election=election, rule="MTH-2", message="居民小组户数偏离", reason="历史划分",
                                   reviewed_by=reviewed_by, reviewed_at=clock.now() if reviewed_by else None,
                                   review_note="已核实" if reviewed_by else "")


def backdated(election, *, acknowledged_by=None):
    return BackdatedAct.objects.create(
        election=election, act="meeting_other", day=clock.today() - datetime.timedelta(days=9),
        entered_at=clock.now(), days_back=9, acknowledged_by=acknowledged_by,
        acknowledged_at=clock.now() if acknowledged_by else None)


def street_of(street, n, actor, *, today):
    """n communities of `street`, their elections spread over the stages: preparation with an override and a
    back-dated act, registration late for its deadlines, voting with round 1 under way, certified with a
    handover the two chairs signed, counting after a void tie-break round."""
    for i in range(n):
        community = factories.community(street)
        election = factories.election(community, actor=actor, term=12, election_date=today)
        kind = i % 5
        if kind == 0:
            override(election)
            backdated(election)
        elif kind == 1:
            Election.objects.filter(pk=election.pk).update(state=State.REGISTRATION,
                                                           election_date=today - datetime.timedelta(days=1))
        elif kind == 2:
            Election.objects.filter(pk=election.pk).update(state=State.VOTING, method="direct")
            Round.objects.create(election=election, number=1)
        elif kind == 3:
            Election.objects.filter(pk=election.pk).update(state=State.CERTIFIED, method="direct",
                                                           results_certified_on=today)
            handover = Handover.objects.create(election=election, started_on=today, outgoing_chair="甲",
                                               incoming_chair="乙")
            for party in ("outgoing", "incoming"):
                HandoverSignature.objects.create(handover=handover, party=party, signer_name="签",
                                                 order=HandoverSignature.ORDER[party], signed_on=today)
        else:
            Election.objects.filter(pk=election.pk).update(state=State.COUNTING, method="direct")
            first = Round.objects.create(election=election, number=1)
            tie = Round.objects.create(election=election, number=2, kind="tie_break", voting_day=today)
            CountRound.objects.create(election=election, round=first, purpose="first", status="closed")
            CountRound.objects.create(election=election, round=tie, purpose="tie_break", status="void",
                                      void_rule="VOTE-4", void_reason="无人领票")

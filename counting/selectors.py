"""Reads of counting that other parts of the project rely on.

- results_summary(election) / results_summaries(elections): the figures the supervisors' dashboard shows
  (turnout, quorum, elected, women, vacancies, certified or not, the next step), from stored rows only: a
  constant number of queries for any number of elections.
- decisive_rounds(elections, today) / decisive_quorums(elections, today): the round that decided the result or
  is deciding it, and its turnout and quorum (VOTE-3, VOTE-4) — never a void round while another stands.
- results_snapshot(results): the result as certified (JSON), printed by the notice and the report.
- round_contests(polling_round): who stands on the ballot of a round (for printing a further round's ballots).
- polling_figures(count_round): proxies, mobile-box and helped ballots of a round (the report to the street
  office).
"""
from dataclasses import dataclass

from django.db.models import Count, Q

from elections import clock
from elections.rules import ordered_positions

from .models import Certification, CountRound, TallyBox


@dataclass(frozen=True)
class ResultsSummary:
    election_id: int
    registered: int
    participants: int  # ballots issued in the first round (VOTE-5)
    turnout_percent: float
    quorum_reached: bool | None
    rounds: int
    rounds_open: int
    boxes: int
    boxes_agreed: int
    seats: int
    elected: int
    women_elected: int
    vacancies: int
    certified: bool
    certified_on: object
    next_step: str  # counting.results.NextStep.kind, or "" before counting

    @property
    def committee_formed(self):
        return self.elected >= 3  # VOTE-10


def _registered(elections):
    from voters.models import Registration

    rows = (Registration.objects.filter(election__in=[e.pk for e in elections],
                                        status=Registration.Status.CONFIRMED)
            .values("election_id").annotate(n=Count("pk")))
    return {r["election_id"]: r["n"] for r in rows}


def _quorum_reached(rounds, first):
    """VOTE-3/4 of the first round: reached (it was counted), missed (void for it), or not known yet."""
    if first is not None:
        return True
    if any(r.stage == 1 and r.void_rule in ("VOTE-3", "VOTE-4") for r in rounds):
        return False
    return None


def _summary(election, registered, rounds, boxes, certification):
    snapshot = certification.snapshot if certification else {}
    first = next((r for r in rounds if r.stage == 1 and r.purpose == CountRound.Purpose.FIRST
                  and r.status == CountRound.Status.CLOSED), None)
    participants = first.result.get("issued", 0) if first else 0
    elected = snapshot.get("elected", [])
    return ResultsSummary(
        election_id=election.pk, registered=registered, participants=participants,
        turnout_percent=round(100 * participants / registered, 1) if registered else 0.0,
        quorum_reached=_quorum_reached(rounds, first), rounds=len(rounds),
        rounds_open=sum(r.status == CountRound.Status.OPEN for r in rounds),
        boxes=boxes.get("n", 0), boxes_agreed=boxes.get("agreed", 0), seats=election.total_seats,
        elected=len(elected), women_elected=sum(e.get("sex") == "F" for e in elected),
        vacancies=sum(snapshot.get("vacancies", {}).values()), certified=certification is not None,
        certified_on=certification.certified_on if certification else None,
        next_step="certified" if certification else ("count" if rounds else ""))


def results_summaries(elections):
    """{election id: ResultsSummary} in four queries, whatever the number of elections."""
    elections = list(elections)
    if not elections:
        return {}
    ids = [e.pk for e in elections]
    registered = _registered(elections)
    rounds = {}
    for r in CountRound.objects.filter(election_id__in=ids).select_related("round").order_by("round__number"):
        rounds.setdefault(r.election_id, []).append(r)
    boxes = {row["count_round__election_id"]: row for row in
             TallyBox.objects.filter(count_round__election_id__in=ids).values("count_round__election_id")
             .annotate(n=Count("pk"), agreed=Count("pk", filter=Q(status=TallyBox.Status.AGREED)))}
    certifications = {c.election_id: c for c in
                      Certification.objects.filter(election_id__in=ids, revoked_at__isnull=True)}
    return {e.pk: _summary(e, registered.get(e.pk, 0), rounds.get(e.pk, []), boxes.get(e.pk, {}),
                           certifications.get(e.pk)) for e in elections}


def results_summary(election):
    """The dashboard's figures of one election (see ResultsSummary)."""
    return results_summaries([election])[election.pk]


# --- the decisive round ----------------------------------------------------------------------------------------

def _decisive(rounds, void_ids, today):
    """The latest round not void whose voting day has come; else the latest not void (its day is ahead: it is
    the one deciding); else, every round being void, the latest (its void quorum is the news)."""
    standing = [r for r in rounds if r.pk not in void_ids]
    come = [r for r in standing if r.day is None or r.day <= today]
    return (come or standing or rounds or [None])[-1]


def decisive_rounds(elections, today=None):
    """{election id: polling Round or None}: the round whose turnout and quorum stand for the election — the one
    that decided the result or is deciding it (VOTE-3, VOTE-4, VOTE-9). A void round (a tie-break nobody came
    to, a round the street office voided, VOTE-13) is passed over while an earlier one stands, and a round
    opened for a day still ahead waits for that day. None before the first round exists (election day: the
    quorum counts from round 1). Two queries, whatever the number of elections."""
    from polling.models import Round

    elections = {e.pk: e for e in elections}
    today = today or clock.today()
    by_election = {pk: [] for pk in elections}
    for r in Round.objects.filter(election__in=list(elections)).order_by("election_id", "number"):
        r.election = elections[r.election_id]  # Round.day reads election day for round 1
        by_election[r.election_id].append(r)
    void_ids = set(CountRound.objects.filter(election__in=list(elections), status=CountRound.Status.VOID)
                   .values_list("round_id", flat=True))
    return {pk: _decisive(rounds, void_ids, today) for pk, rounds in by_election.items()}


def decisive_quorums(elections, today=None):
    """{election id: QuorumStatus or None} of each election's decisive round (see decisive_rounds)."""
    from polling.selectors import quorum_statuses

    elections = list(elections)
    return quorum_statuses(elections, rounds=decisive_rounds(elections, today))


def round_contests(polling_round):
    """[{"position", "seats", "candidates": [Person], "women_only"}] on the ballot of a polling round: the
    formal candidates for the first round, the next candidates for a further round, the tied for a tie-break
    (None when counting has not attached the round yet: its ballot is the first round's)."""
    from .people import people_for

    count_round = CountRound.objects.filter(round=polling_round).first()
    if count_round is None:
        return None
    keys = [k for c in count_round.contests for k in c["candidates"]]
    people = people_for(count_round.election, keys)
    return [{**c, "candidates": [people[k] for k in c["candidates"]]} for c in count_round.contests]


def polling_figures(count_round):
    """What polling recorded for a round: approved proxies, ballots collected by proxies, issued at and
    returned from mobile boxes, written by helpers (VOTE-12)."""
    from polling.models import BallotIssue, PollingStation, Proxy

    if count_round is None:
        return {"proxies": 0, "proxy_ballots": 0, "mobile_issued": 0, "mobile_returned": 0, "helped": 0}
    issues = BallotIssue.objects.filter(round=count_round.round, cancelled_at__isnull=True).aggregate(
        proxy_ballots=Count("pk", filter=Q(proxy__isnull=False)),
        mobile_issued=Count("pk", filter=Q(station__kind=PollingStation.Kind.MOBILE)),
        helped=Count("pk", filter=~Q(helper_name="")))
    mobile_boxes = count_round.boxes.filter(station__kind=PollingStation.Kind.MOBILE,
                                            status=TallyBox.Status.AGREED).select_related("agreed_entry")
    mobile_returned = sum(b.agreed_entry.returned or 0 for b in mobile_boxes)
    proxies = Proxy.objects.filter(election=count_round.election, status=Proxy.Status.APPROVED).count()
    return {"proxies": proxies, **issues, "mobile_returned": mobile_returned}


# --- the result as certified -------------------------------------------------------------------------------

def _person(p):
    return {"key": p.key, "name": p.name, "sex": p.sex,
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "education": p.education, "political_status": p.political_status,
            "is_party_secretary": p.is_party_secretary, "written_in": p.written_in}


def _round(view, people):
    cr, f = view.count_round, view.figures
    votes = [{**_person(person), "position": position, "votes": votes}
             for position, pairs in view.votes_rows(people) for person, votes in pairs]
    outcome = view.outcome
    return {"number": view.number, "purpose": cr.purpose, "stage": cr.stage, "status": cr.status,
            "void_rule": cr.void_rule, "void_reason": cr.void_reason, "seats": cr.seats,
            "issued": f.issued, "returned": f.returned, "valid": f.valid, "invalid": f.invalid,
            "blank": f.blank, "eligible": view.eligible, "absent": view.absent,
            "quorum": ({"needed": view.quorum.threshold_count, "reached": view.quorum.reached,
                        "rule": view.quorum.rule} if view.quorum else None),
            "threshold": outcome.threshold if outcome else None,
            "threshold_rule": outcome.threshold_rule if outcome else "",
            "tie_winners": view.tie_winners, "votes": votes}


def results_snapshot(results, polling=None):
    """The result as a JSON-safe dict: what was certified, and what the notice and the report print."""
    from voters.selectors import registered_voter_count

    election = results.election
    outcome = results.final_outcome
    vacancies = {p: n for p, n in (outcome.unfilled.items() if outcome else ()) if n}
    return {
        "registered": registered_voter_count(election), "eligible": results.eligible,
        "method": election.method,
        "seats": {str(p): n for p, n in election.seats.items()},
        "rounds": [_round(v, results.people) for v in results.rounds],
        "elected": [{**_person(e.person), "position": e.position, "votes": e.votes, "round": e.round_number,
                     "stage": e.stage, "tie_break": e.tie_break} for e in results.elected],
        "vacancies": vacancies, "women_elected": results.women_elected,
        "notes": [[rule, str(message)] for stage in results.stages if stage.outcome
                  for rule, message in stage.outcome.notes],
        "polling": polling or {},
    }


def snapshot_positions(snapshot):
    """[(position, [elected dict])] of a snapshot, highest position first."""
    by_position = {}
    for row in snapshot.get("elected", []):
        by_position.setdefault(row["position"], []).append(row)
    return [(p, by_position[p]) for p in ordered_positions(by_position)]

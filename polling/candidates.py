"""What election day needs of the candidates (issue 4's models): the formal candidates of each position in
surname stroke order (CAN-6), who is one (PRX-4: a candidate may not be a proxy), and who may not count
(CAN-9, VOTE-6). Read-only; the candidates feature owns the data.

Ballots and counts name candidates by key (polling/keys.py). A round's contests ([{"position", "seats",
"candidates": [key], "women_only"}]) say what its ballot holds.
"""
from dataclasses import dataclass

from candidates.models import Candidate
from candidates.services.candidates import candidates_of, counting_staff_conflicts
from elections.models import Position
from elections.rules.strokes import stroke_sort_key

from .keys import candidate_id_of, candidate_key

POSITIONS = tuple(Position.values)  # chair, vice_chair, member: highest first, as ballots list them


@dataclass(frozen=True)
class BallotCandidate:
    name: str
    sex: str
    position: str


def first_round_contests(election):
    """The contests of the first round: every position's seats and its formal candidates (CAN-6 order)."""
    formal = candidates_of(election)
    return [{"position": p, "seats": seats, "women_only": False,
             "candidates": [candidate_key(c.pk) for c in formal if c.position == p]}
            for p, seats in election.seats.items()]


def names_of(election, keys):
    """{key: (name, sex)} for candidates' and written-in keys, as a ballot prints them."""
    ids = [candidate_id_of(k) for k in keys if candidate_id_of(k) is not None]
    found = {candidate_key(c.pk): (c.nominee.resident.name, c.nominee.resident.sex)
             for c in Candidate.objects.filter(pk__in=ids).select_related("nominee__resident")}
    return {k: found.get(k) or (k[2:] if k.startswith("w:") else k, "") for k in keys}


def in_stroke_order(names):
    """Names in surname stroke order (CAN-6), as ballots and notices list them."""
    return sorted(names, key=stroke_sort_key)


def formal_candidates(election):
    """{position: [BallotCandidate]} for every position of the election, each list in stroke order (CAN-6)."""
    by_position = {p: [] for p in POSITIONS}
    for c in candidates_of(election, status=Candidate.Status.FORMAL):
        resident = c.nominee.resident
        by_position[c.position].append(BallotCandidate(resident.name, resident.sex, c.position))
    return by_position


def missing_positions(election):
    """Positions with no formal candidate yet (a ballot cannot be printed without them)."""
    return [p for p, names in formal_candidates(election).items() if not names]


def formal_candidate_resident_ids(election):
    """Residents who are formal candidates (PRX-4: the profile may forbid them to be proxies)."""
    return set(Candidate.objects.filter(election=election, status=Candidate.Status.FORMAL)
               .values_list("nominee__resident_id", flat=True))


def counting_conflicts(election, names):
    """CAN-9, VOTE-6: {name: reason} for those of `names` who are candidates or recorded near relatives of
    one."""
    return counting_staff_conflicts(election, [n for n in names if n])

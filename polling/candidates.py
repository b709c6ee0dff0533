"""What election day needs of the candidates (issue 4's models): the formal candidates of each position in
surname stroke order (CAN-6), who is one (PRX-4: a candidate may not be a proxy), and who may not count
(CAN-9, VOTE-6). Read-only; the candidates feature owns the data."""
from dataclasses import dataclass

from candidates.models import Candidate
from candidates.services.candidates import candidates_of, counting_staff_conflicts
from elections.models import Position

POSITIONS = tuple(Position.values)  # chair, vice_chair, member: highest first, as ballots list them


@dataclass(frozen=True)
class BallotCandidate:
    name: str
    sex: str
    position: str


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

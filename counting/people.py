"""Who the keys of ballots and results are: formal candidates ("c<id>") and names written in ("w:<name>").

A Person is what elections.rules.tally.elect() receives as a candidate: equal by key, shown by name, with the
sex the women rule (SEAT-2) reads; and what the report prints about the elected (sex, age, education, party).
A written-in name is matched to the community's residents by name when exactly one resident has it.
"""
from dataclasses import dataclass, field

from candidates.models import Candidate
from elections.rules.strokes import stroke_sort_key

from . import lines as line_codes


@dataclass(frozen=True)
class Person:
    key: str
    name: str = field(compare=False)
    sex: str = field(compare=False, default="")
    birth_date: object = field(compare=False, default=None)
    education: str = field(compare=False, default="")
    political_status: str = field(compare=False, default="")
    is_party_secretary: bool = field(compare=False, default=False)
    position: str = field(compare=False, default="")  # the position the formal candidate stood for
    written_in: bool = field(compare=False, default=False)
    resident_id: int | None = field(compare=False, default=None)

    def __str__(self):
        return self.name


def _from_resident(key, resident, **extra):
    return Person(key=key, name=resident.name, sex=resident.sex, birth_date=resident.birth_date,
                  education=resident.education, political_status=resident.political_status,
                  resident_id=resident.pk, **extra)


def candidates_of(election):
    """{key: Person} of every candidate of the election, whatever their status now (results show whoever a
    round
    counted)."""
    people = {}
    for c in Candidate.objects.filter(election=election).select_related("nominee__resident"):
        people[line_codes.candidate_key(c.pk)] = _from_resident(
            line_codes.candidate_key(c.pk), c.nominee.resident, position=c.position,
            is_party_secretary=c.nominee.is_party_secretary)
    return people


def formal_name_keys(election, people=None):
    """{name: key} of the formal candidates, for counting a written-in name for the candidate of that name
    (VOTE-8); a name two candidates share stays a written-in name."""
    people = people if people is not None else candidates_of(election)
    formal = set(Candidate.objects.filter(election=election, status=Candidate.Status.FORMAL)
                 .values_list("pk", flat=True))
    seen = {}
    for key, person in people.items():
        if line_codes.candidate_id_of(key) in formal:
            seen.setdefault(person.name, []).append(key)
    return {name: keys[0] for name, keys in seen.items() if len(keys) == 1}


def written_in(election, names):
    """{key: Person} for written-in names, with the resident's details where exactly one resident has the
    name."""
    from voters.models import Resident

    names = set(names)
    residents = {}
    for resident in Resident.objects.filter(community=election.community, name__in=names):
        residents.setdefault(resident.name, []).append(resident)
    people = {}
    for name in names:
        key = line_codes.write_in_key(name)
        found = residents.get(name, [])
        people[key] = (_from_resident(key, found[0], written_in=True) if len(found) == 1
                       else Person(key=key, name=name, written_in=True))
    return people


def people_for(election, keys):
    """{key: Person} for every key given (candidates and written-in names)."""
    people = candidates_of(election)
    names = [k[2:] for k in keys if k.startswith("w:")]
    people.update(written_in(election, names))
    for key in keys:
        people.setdefault(key, Person(key=key, name=key))
    return people


def stroke_order(people):
    """People in surname stroke order (CAN-6), as notices list them."""
    return sorted(people, key=lambda p: stroke_sort_key(p.name))

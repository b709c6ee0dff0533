"""How ballots and counts name the people on them (pure: no database).

"c<Candidate id>" for a formal candidate, "w:<name>" for a name written in (另选他人, VOTE-8); a further round
(VOTE-9) may be held among people first written in.
"""


def candidate_key(candidate_id):
    return f"c{candidate_id}"


def write_in_key(name):
    return f"w:{name}"


def candidate_id_of(key):
    """The Candidate id of a "c<id>" key, or None for a written-in name."""
    return int(key[1:]) if key.startswith("c") and key[1:].isdigit() else None

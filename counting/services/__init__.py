"""Writes of counting and results, one small keyword-only function per action (STYLE): each checks its rules
of RULES.md, runs in a transaction, locks what two clerks can collide on, and writes the audit log.

- rounds.py         the rounds of counting: the first, further rounds and tie-breaks (VOTE-9), repeats
(VOTE-7),
                    closing a round (VOTE-3/4 quorum, VOTE-7 validity)
- entry.py          tally entry of a box, ballot by ballot or as totals, and its plausibility checks
- matching.py       double entry: comparing the two entries, resolving their differences
- certification.py  certifying the result (AFT-1)
- decisions.py      street-office decisions (VOTE-13)
"""

"""Counting and results (issue 6): tally entry with double entry, the rules of RULES.md VOTE-3…VOTE-14 and
SEAT-2 through elections.rules, further rounds and tie-breaks, certification, the results notice and the
report to the street office, and the rehearsal runner (counting.simulation; the command `simulate_election`
lives in aftermath, which carries a rehearsal on to the handover and closing).

Reads other apps rely on: counting.selectors (results_summary for the dashboard, round_contests for the
ballots of later rounds)."""

"""results_10k_s: the results of a round of 10,000 ballots entered ballot by ballot (agreed by double entry),
computed from the lines — validity (VOTE-8), roll-down (VOTE-14), quorum, majority, ties and the women rule
(VOTE-3/4/5/9, SEAT-2) — by counting.results.election_results; target < 1 s.

Also reports the closing of the round (the same count, recorded) as `round_close_10k_s`. Quick mode uses 2,000
ballots and keeps the names.
"""
import time

from django.db import transaction

from bench import median_time, report

TARGET_S = 1.0


def agreed_box(count_round, station, lines):
    """The box typed twice by two typists in bulk (the bench of entry is bench_tally_entry)."""
    from counting.models import TallyBox
    from counting.services import entry as entry_services
    from counting.testing import typists

    box = entry_services.box_open(count_round=count_round, station=station, mode=TallyBox.Mode.BALLOTS,
                                  actor=None)
    for typist in typists():
        entry = entry_services.entry_start(box=box, actor=typist)
        entry_services.lines_add(entry=entry, lines=lines, actor=typist)
        entry_services.entry_submit(entry=entry, actor=typist, returned=len(lines), reason="基准测试")
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED
    return box


def run(quick):
    from counting.results import election_results
    from counting.services.rounds import round_close
    from counting.testing import counted_election, random_lines

    n = 2_000 if quick else 10_000
    with transaction.atomic():
        election, station, count_round = counted_election("990108018001", n)
        agreed_box(count_round, station, random_lines(count_round, n, seed=2))
        results = election_results(election)
        assert results.rounds[0].figures.returned == n
        median = median_time(lambda: election_results(election), 3 if quick else 5)
        start = time.perf_counter()
        round_close(count_round=count_round, actor=None)
        close_s = time.perf_counter() - start
        transaction.set_rollback(True)  # leave no bench data behind when DATABASE_URL names a real database
    report("results_10k_s", median, "s", target=f"<{TARGET_S}")
    report("round_close_10k_s", close_s, "s")
    report("results_ballots", n, "ballots")

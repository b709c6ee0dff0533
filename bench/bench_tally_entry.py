"""tally_entry_10k_s: entry of 10,000 ballot lines through the service layer (counting.services.entry), as the
ballot grid posts them — 50 lines a page — then finishing the entry; target < 30 s.

Also reports the comparison of two entries of 10,000 lines (double entry, VOTE-6) as
`double_entry_compare_10k_s`. Quick mode enters 2,000 lines and keeps the names.
"""
import time

from django.db import transaction

from bench import report

TARGET_S = 30
PAGE = 50


def type_entry(box, typist, lines):
    from counting.services import entry as entry_services

    entry = entry_services.entry_start(box=box, actor=typist)
    for start in range(0, len(lines), PAGE):
        entry_services.lines_add(entry=entry, lines=lines[start:start + PAGE], actor=typist)
    return entry_services.entry_submit(entry=entry, actor=typist, returned=len(lines), reason="基准测试")


def run(quick):
    from counting.models import TallyBox
    from counting.services import entry as entry_services
    from counting.testing import counted_election, random_lines, typists

    n = 2_000 if quick else 10_000
    with transaction.atomic():
        election, station, count_round = counted_election("990108017001", n)
        lines = random_lines(count_round, n)
        first, second = typists()
        box = entry_services.box_open(count_round=count_round, station=station, mode=TallyBox.Mode.BALLOTS,
                                      actor=first)
        start = time.perf_counter()
        type_entry(box, first, lines)
        entry_s = time.perf_counter() - start
        start = time.perf_counter()
        type_entry(box, second, lines)  # the second entry finishes with the comparison
        both_s = time.perf_counter() - start
        box.refresh_from_db()
        assert box.status == TallyBox.Status.AGREED, box.status
        transaction.set_rollback(True)  # leave no bench data behind when DATABASE_URL names a real database
    report("tally_entry_10k_s", entry_s, "s", target=f"<{TARGET_S}")
    report("double_entry_compare_10k_s", max(0.0, both_s - entry_s), "s")
    report("tally_entry_lines", n, "lines")

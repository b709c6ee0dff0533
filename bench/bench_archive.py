"""archive_1300_s and archive_restore_1300_s (AFT-4, elections/archive.py): the archive of a 1,300-voter election
carried to the end by the rehearsal (simulate_election --until closed: posted list, rounds, count, certification,
handover, closing) — every document as issued, the spreadsheets, all the data as JSON with its manifest — and its
restoration into an installation without it (the rehearsal rolled back: the benchmark's database is empty after
migrate). Targets < 30 s each. Quick mode uses about 300 voters and keeps the
names; `archive_voters` reports how many the election had.
"""
import time

from django.db import transaction

from bench import report

TARGET_S = 30.0
CODE = "990108019001"


def closed_election(voters):
    from aftermath.simulation import rehearse_to_close
    from counting.simulation import simulate
    from elections.models import Community, District, Street

    district, _c = District.objects.get_or_create(code=CODE[:6] + "000000", defaults={"name": "基准区"})
    street, _c = Street.objects.get_or_create(code=CODE[:9] + "000", defaults={"district": district,
                                                                             "name": "基准街道"})
    community = Community.objects.create(street=street, code=CODE, name="基准社区", households=voters // 3,
                                         population=voters)
    election, outcome = simulate(community, voters=voters, turnout=0.85, seed=3)
    rehearse_to_close(election, actor=election.created_by)
    election.refresh_from_db()
    assert election.state == "closed", election.state
    return election, outcome["registered"]


def run(quick):
    from elections import archive
    from elections.models import Election

    n = 300 if quick else 1300
    with transaction.atomic():
        # About five residents in six may vote (the rest are minors, or registered elsewhere).
        election, registered = closed_election(n * 6 // 5)
        start, cpu = time.perf_counter(), time.process_time()
        blob = archive.build_archive(election)
        made_s, made_cpu = time.perf_counter() - start, time.process_time() - cpu
        transaction.set_rollback(True)  # the installation the archive goes to has none of it
    with transaction.atomic():
        start, cpu = time.perf_counter(), time.process_time()
        restored = archive.restore_archive(blob)
        restore_s, restore_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert restored.is_restored and Election.objects.filter(pk=restored.pk).exists()
        transaction.set_rollback(True)  # leave no bench data behind when DATABASE_URL names a real database
    report("archive_1300_s", made_s, "s", target=f"<{TARGET_S:g}")
    report("archive_restore_1300_s", restore_s, "s", target=f"<{TARGET_S:g}")
    # CPU seconds of this process: what the wall-clock figures would be on an idle machine (rendering is
    # CPU-bound; the database is local).
    report("archive_1300_cpu_s", made_cpu, "s")
    report("archive_restore_1300_cpu_s", restore_cpu, "s")
    report("archive_voters", registered, "voters")
    report("archive_bytes", len(blob) // 1024, "KiB")

"""Ballot issuance under load (VOTE-2): 50 clerks' requests at once through the service layer, on PostgreSQL.

- issuance_per_s: ballots issued per second by 50 threads issuing at 4 stations; every tenth voter is asked
  for twice, at two stations at nearly the same moment (the database refuses the second); target ≥ 100.
- double_issues: voters holding more than one ballot afterwards; target 0.
- issuance_requests_per_s: all requests handled per second, the refusals included.

The database is PostgreSQL, in a throwaway database created, migrated and dropped here: on the server of
DATABASE_URL when that is PostgreSQL (CI), else the local one,
postgres://postgres@127.0.0.1:5432/rcem_bench.
Without any PostgreSQL the run uses the benchmark's own database and says so (issuance_sqlite_per_s): SQLite
serialises writes, so that figure is not the target's.
"""
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import report
from bench.postgres import admin as _admin, own_database_url

THREADS = 50
STATIONS = 4
ROOT = Path(__file__).resolve().parent.parent


# --- in the benchmark process: pick the server, make the database, run the worker ---------------------------

def _bench_url():
    return own_database_url("issuance_bench", "rcem_bench")


def run(quick):
    url = _bench_url()
    name = url.rpartition("/")[2]
    try:
        _admin(url, f'DROP DATABASE IF EXISTS "{name}"')
        _admin(url, f'CREATE DATABASE "{name}"')
    except Exception as exc:  # no PostgreSQL here: measure on the benchmark's database, labelled as such
        print(f"bench issuance: no PostgreSQL at {url} ({exc.__class__.__name__}); measuring on "
              f"{os.environ.get('DATABASE_URL', 'sqlite')} instead", file=sys.stderr)
        from django.db import connection

        measure(quick, suffix="_sqlite" if connection.vendor == "sqlite" else "")
        return
    try:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEV": "1"}
        args = [sys.executable, "-m", "bench.bench_issuance", "--worker"] + (["--quick"] if quick else [])
        result = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True, timeout=1200)
        sys.stdout.write(result.stdout)
        if result.returncode != 0:
            raise RuntimeError(f"issuance worker failed:\n{result.stderr[-4000:]}")
    finally:
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the measurement (in the worker process on PostgreSQL, or in-process as a fallback) ---------------------

def _scene(voters):
    from elections import clock
    from elections.models import Community, District, RuleProfile, Street
    from elections.services.elections import election_create
    from polling import testing
    from polling.selectors import stations_of

    district = District.objects.create(code="990110000000", name="基准区")
    street = Street.objects.create(district=district, code="990110015000", name="基准街道")
    community = Community.objects.create(street=street, code="990110015001", name="怡丽北园社区",
                                         households=410, population=1200)
    election = election_create(community=community, term=12,
                               profile=RuleProfile.objects.get(key="seed-district-plan"), actor=None)
    registrations = testing.make_voters(election, voters)
    stations = [testing.staffed_station(election, kind="central" if i == 0 else "point", name=f"投票站{i + 1}")
                for i in range(STATIONS)]
    # Election day is today (CAL-5: ballots are issued only on the round's voting day).
    election = testing.set_state(election, "voting", method="direct", election_date=clock.today())
    # As the issuance page loads them: each station with its staff counted (VOTE-11).
    stations = list(stations_of(election))
    return election, registrations, stations


DUPLICATE_EVERY = 10


def _work(registrations, stations):
    """Each voter once; every tenth twice, at two different stations one right after the other: the pairs
    race (one clerk clicks while another, at another station, serves the same person)."""
    from voters.models import Registration

    loaded = {r.pk: r for r in Registration.objects.filter(pk__in=[r.pk for r in registrations])
              .select_related("resident__household")}
    work = queue.SimpleQueue()
    requests = 0
    for i, reg in enumerate(registrations):
        for k in range(2 if i % DUPLICATE_EVERY == 0 else 1):
            work.put((loaded[reg.pk], stations[(i + k) % len(stations)]))
            requests += 1
    return work, requests


def _clerk(election, work, outcome, lock):
    from django.db import connection

    from elections.services.errors import RuleViolation
    from polling.services.issuance import ballot_issue

    issued = refused = 0
    try:
        while True:
            try:
                registration, station = work.get_nowait()
            except queue.Empty:
                break
            try:
                ballot_issue(election=election, registration=registration, station=station, actor=None)
                issued += 1
            except RuleViolation:
                refused += 1
    finally:
        connection.close()
        with lock:
            outcome["issued"] += issued
            outcome["refused"] += refused


def measure(quick, suffix=""):
    from django.db.models import Count

    from polling.models import BallotIssue
    from polling.services.rounds import current_round

    voters = 1000 if quick else 4000
    election, registrations, stations = _scene(voters)
    current_round(election)
    work, requests = _work(registrations, stations)
    outcome, lock = {"issued": 0, "refused": 0}, threading.Lock()
    threads = [threading.Thread(target=_clerk, args=(election, work, outcome, lock)) for _ in range(THREADS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    doubled = (BallotIssue.objects.filter(round__election=election, cancelled_at__isnull=True)
               .values("registration").annotate(n=Count("pk")).filter(n__gt=1).count())
    doubled += max(0, outcome["issued"] - voters)
    report(f"issuance{suffix}_per_s", outcome["issued"] / elapsed, "/s", target=">=100")
    report(f"double_issues{suffix}", doubled, "voters", target="0")
    report(f"issuance{suffix}_requests_per_s", requests / elapsed, "/s")
    report(f"issuance{suffix}_refused", outcome["refused"], "requests", target=str(requests - voters))


def _worker(quick):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    measure(quick)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        _worker("--quick" in sys.argv)

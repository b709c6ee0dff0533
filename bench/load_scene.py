"""The election-day scene of the load benchmark (bench/load.py), built in its own PostgreSQL database, and the
checks made in that database afterwards. Run by bench/load.py in subprocesses with the production settings:

    python -m bench.load_scene seed PLAN.json [--quick]   migrate, build the scene, write what clients need
    python -m bench.load_scene check PLAN.json OUT.json   double issues, lost tally lines, queries per request

The scene: voting elections (one per community of one street) with real stations (a central station and
voting points, staffed: VOTE-11), confirmed voters in households and resident groups; clerks with the
committee's clerk role, two per station, each with the voters who come to their station (every tenth also
goes to a second station: the database refuses the second ballot, VOTE-2); elections being counted with a box
per pair of typists (double entry, VOTE-6) and a draft entry each; street supervisors. Everybody is logged in
already (a session in the database), so the run measures election day, not password hashing.
"""
import json
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ISSUING_CLERKS = 40
TALLY_CLERKS = 10
SUPERVISORS = 20
STATIONS = 4          # per voting election: a central station and three voting points
CLERKS_PER_STATION = 2
DUPLICATE_EVERY = 10  # every tenth voter of a clerk is also sent to a clerk of another station
GRID_ROWS = 10        # ballot lines per posted page of the tally grid


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _session(user):
    """A logged-in session for `user`, as django.contrib.auth.login leaves it; returns its key."""
    import time

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from elections import idle_timeout

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[idle_timeout.KEY] = int(time.time())
    store.create()
    return store.session_key


def _user(username, kind, place):
    from django.contrib.auth import get_user_model

    from elections.models import Role

    user = get_user_model().objects.create_user(username=username, password=secrets.token_urlsafe(12))
    fields = {Role.Kind.CLERK: "community", Role.Kind.STREET_SUPERVISOR: "street",
              Role.Kind.DISTRICT_ADMIN: "district"}[kind]
    Role.objects.create(user=user, kind=kind, **{fields: place})
    return user


def _voting_elections(street, count, voters):
    from elections import clock
    from elections.models import Community, RuleProfile
    from elections.services.elections import election_create
    from polling import testing
    from polling.selectors import stations_of

    profile = RuleProfile.objects.get(key="seed-district-plan")
    result = []
    for i in range(count):
        community = Community.objects.create(street=street, code=f"{street.code[:9]}{i + 1:03d}",
                                             name=f"负载第{i + 1}社区", households=voters // 3, population=voters)
        election = election_create(community=community, term=12, profile=profile, actor=None)
        registrations = testing.make_voters(election, voters, groups=6)
        for s in range(STATIONS):
            testing.staffed_station(election, kind="central" if s == 0 else "point",
                                    name="中心投票站" if s == 0 else f"第{s}投票点")
        # Election day is today (CAL-5: ballots are issued only on the round's voting day).
        election = testing.set_state(election, "voting", method="direct", election_date=clock.today())
        result.append((election, registrations, list(stations_of(election))))
    return result


def _clerks(voting):
    """Two clerks per station; each is given the voters who come to their station, and every tenth of them
    also comes to the next station (the double issue the database refuses)."""
    from elections.models import Role

    clerks = []
    for e, (election, registrations, stations) in enumerate(voting):
        shares = [[] for _ in range(STATIONS * CLERKS_PER_STATION)]
        for i, reg in enumerate(registrations):
            shares[i % len(shares)].append(reg)
        for k, share in enumerate(shares):
            user = _user(f"load-clerk-{e}-{k}", Role.Kind.CLERK, election.community)
            station = stations[k // CLERKS_PER_STATION]
            clerks.append({"user": user, "election": election.pk, "station": station.pk, "voters": [],
                           "index": k, "group": e})
        base = len(clerks) - len(shares)
        for k, share in enumerate(shares):
            for i, reg in enumerate(share):
                entry = [reg.pk, reg.resident.name]
                clerks[base + k]["voters"].append(entry)
                if i % DUPLICATE_EVERY == 0:  # also at a station two clerks on: another station
                    clerks[base + (k + CLERKS_PER_STATION) % len(shares)]["voters"].insert(i + 1, entry)
    return clerks


def _grid_pages(count_round, pages):
    """Posted grids of GRID_ROWS ballot lines each, as counting/entry.html names its inputs."""
    from counting.forms import grid_values
    from counting.lines import candidate_id_of
    from counting.testing import random_lines

    lines = random_lines(count_round, pages * GRID_ROWS)
    result = []
    for p in range(pages):
        data = {"rows": str(GRID_ROWS)}
        for r, line in enumerate(lines[p * GRID_ROWS:(p + 1) * GRID_ROWS]):
            for key, value in grid_values(line).items():
                if value:
                    data[f"r{r}-{key}"] = value
            if not any(k.startswith(f"r{r}-m-") for k in data):  # a blank ballot: 0 in one cell
                first = count_round.contests[0]
                data[f"r{r}-m-{first['position']}-{candidate_id_of(first['candidates'][0])}"] = "0"
        result.append(data)
    return result


def _typists(district, count):
    """Elections being counted, one box per two typists, each typist with their draft entry (VOTE-6)."""
    from counting.models import TallyBox
    from counting.services import entry as entry_services
    from counting.testing import counted_election
    from elections.models import Role

    typists = []
    for b in range(count // 2):
        code = f"{district.code[:6]}{900 + b:03d}001"
        election, station, count_round = counted_election(code, 300)
        box = entry_services.box_open(count_round=count_round, station=station, mode=TallyBox.Mode.BALLOTS,
                                      actor=None)
        pages = _grid_pages(count_round, 4)
        for t in range(2):
            user = _user(f"load-typist-{b}-{t}", Role.Kind.CLERK, election.community)
            entry = entry_services.entry_start(box=box, actor=user)
            typists.append({"user": user, "election": election.pk, "entry": entry.pk, "pages": pages})
    return typists


def seed(plan_path, quick):
    _setup()
    from django.core.management import call_command

    from elections.models import District, Role, Street

    call_command("migrate", interactive=False, verbosity=0)
    district = District.objects.create(code="990120000000", name="负载测试区")
    street = Street.objects.create(district=district, code="990120001000", name="负载测试街道")
    elections = ISSUING_CLERKS // (STATIONS * CLERKS_PER_STATION)
    voting = _voting_elections(street, elections, 1500 if quick else 3000)
    clerks = _clerks(voting)
    typists = _typists(district, TALLY_CLERKS)
    supervisors = [_user(f"load-supervisor-{i}", Role.Kind.STREET_SUPERVISOR, street)
                   for i in range(SUPERVISORS - 1)]
    supervisors.append(_user("load-district-admin", Role.Kind.DISTRICT_ADMIN, district))
    plan = {
        "clerks": [{**{k: v for k, v in c.items() if k != "user"}, "session": _session(c["user"])}
                   for c in clerks],
        "typists": [{**{k: v for k, v in t.items() if k != "user"}, "session": _session(t["user"])}
                    for t in typists],
        "supervisors": [{"session": _session(u), "elections": [e.pk for e, _r, _s in voting]}
                        for u in supervisors],
        "elections": [e.pk for e, _r, _s in voting],
        "counting_elections": sorted({t["election"] for t in typists}),
    }
    Path(plan_path).write_text(json.dumps(plan))
    # The planner's statistics, as a database in use has them (autovacuum gathers them some time after a bulk
    # load): without them it guesses, and scans every resident for a name.
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- afterwards ---------------------------------------------------------------------------------------------

def _double_issues(elections):
    from django.db.models import Count

    from polling.models import BallotIssue

    return (BallotIssue.objects.filter(round__election_id__in=elections, cancelled_at__isnull=True)
            .values("round_id", "registration_id").annotate(n=Count("pk")).filter(n__gt=1).count())


SAMPLES = 6  # voters issued each way after the run, for the queries and the CPU of one issuance


def _queries_per_request(plan):
    """Queries and app CPU (this process, ms) of one issuance, through Django's test client on the same
    database, for voters nobody has issued yet: without script (the search page, the POST, the page after
    it) and with (polling/issue.js: search.json and issue.json) — SAMPLES voters each, CPU averaged."""
    import time

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from polling.models import BallotIssue

    issued = set(BallotIssue.objects.filter(round__election_id__in=plan["elections"])
                 .values_list("registration_id", flat=True))
    clerk = max(plan["clerks"], key=lambda c: sum(v[0] not in issued for v in c["voters"]))
    waiting = list(dict.fromkeys(tuple(v) for v in clerk["voters"] if v[0] not in issued))[:2 * SAMPLES]
    client = Client(enforce_csrf_checks=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = clerk["session"]
    args = [clerk["election"], clerk["station"]]
    url = reverse("polling:issue", args=args)
    secure = {"secure": True, "headers": {"x-forwarded-proto": "https"}}

    def timed(counts, label, request):
        if counts is None:
            return request()
        with CaptureQueriesContext(connection) as queries:
            response = request()
        counts[label] = len(queries)
        return response

    def classic(reg, name, counts=None):
        search = timed(counts, "classic_search_queries", lambda: client.get(url, {"q": name}, **secure))
        posted = timed(counts, "classic_issue_queries", lambda: client.post(
            url, {"registration": reg, "next": f"{url}?q={name}"}, **secure))
        # the page the browser loads after the redirect
        after = timed(counts, "classic_page_after_queries", lambda: client.get(posted["Location"], **secure))
        assert (search.status_code, posted.status_code, after.status_code) == (200, 302, 200)

    def light(reg, name, counts=None):
        search = timed(counts, "light_search_queries", lambda: client.get(
            reverse("polling:issue_search_json", args=args), {"q": name}, **secure))
        posted = timed(counts, "light_issue_queries", lambda: client.post(
            reverse("polling:issue_json", args=args), {"registration": reg}, **secure))
        assert (search.status_code, posted.status_code) == (200, 200), posted.content

    # The client's first request loads the middleware (WhiteNoise reads the list of static files): done before
    # the timing, as a server's worker does it once, not once per issuance.
    assert client.get(url, **secure).status_code == 200
    figures = {}
    for way, issue_one in (("classic", classic), ("light", light)):
        voters, waiting = waiting[:SAMPLES], waiting[SAMPLES:]
        cpu = time.process_time()
        for reg, name in voters[:-1]:
            issue_one(reg, name)
        figures[f"{way}_cpu_ms"] = 1000 * (time.process_time() - cpu) / max(1, len(voters) - 1)
        issue_one(*voters[-1], counts=figures)
    return figures


def check(plan_path, out_path):
    _setup()
    from counting.models import BallotLine

    plan = json.loads(Path(plan_path).read_text())
    out = json.loads(Path(out_path).read_text()) if Path(out_path).exists() else {}
    acknowledged = out.get("tally_lines_acknowledged", {})
    stored = {}
    for t in plan["typists"]:
        stored[str(t["entry"])] = BallotLine.objects.filter(entry_id=t["entry"]).count()
    lost = sum(max(0, n - stored.get(entry, 0)) for entry, n in acknowledged.items())
    extra = sum(max(0, stored[entry] - acknowledged.get(entry, 0)) for entry in stored)
    result = {"double_issues": _double_issues(plan["elections"]), "lost_tally_lines": lost,
              "unacknowledged_tally_lines": extra, "issued": _issued(plan["elections"])}
    result.update(_queries_per_request(plan))
    print(json.dumps(result))


def _issued(elections):
    from polling.models import BallotIssue

    return BallotIssue.objects.filter(round__election_id__in=elections, cancelled_at__isnull=True).count()


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "seed":
        seed(sys.argv[2], "--quick" in sys.argv)
    elif command == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")

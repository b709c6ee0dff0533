"""The simulated users of the load benchmark (bench/load.py runs locust headless on this file).

LOAD_PLAN names the plan bench/load_scene.py wrote (sessions, elections, stations, voters, tally entries);
LOAD_OUT where to write what the clients saw (issued, refused, tally lines acknowledged, timings of the
issuance and search pages). The server is behind "nginx": requests say X-Forwarded-Proto: https (BEHIND_PROXY), and
carry the session and CSRF cookies by hand (the production cookies are Secure: a client on plain http would
not send them back).

- Clerk (40): at one station of a voting election, searches the next voter by name and issues the ballot, a
  voter every 0.6 s (PACE; later only when the server is slower): together 66 voters a second, far above a
  district's election-day peak. Every tenth voter also comes to another station, where the database refuses
  the second ballot (VOTE-2), so 60 ballots a second are offered. 38 do it as the browser does with the
  page's script (polling/issue.js: the page once, then for each voter the search as JSON and the issuance as
  a JSON POST — the light path; and the page's live quorum every 5 s, skipped when an issuance has just
  answered with it, as polling/quorum.js does); 2 as without script (the search page, the form POST and the
  page after the redirect — the classic path), so both paths are measured.
- Typist (10): types ballot lines into the tally grid of their draft entry, 10 lines a page every 3–6 s
  (VOTE-6).
- Supervisor (20): refreshes the communities dashboard and a live quorum (every 5 s in the browser), a
  request every 2–6 s.
"""
import itertools
import json
import os
import re
import secrets
import threading
import time
from urllib.parse import quote, urlencode

from locust import FastHttpUser, between, constant_pacing, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
OUT = os.environ["LOAD_OUT"]
CSRF = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, the cookie and the form field alike
TARGET_PAGES = ("search.json", "issue.json")  # the target's "issuance and search pages", as clerks use them
CLASSIC_PAGES = ("search", "issue", "issue: page after")  # the same without the page's script

_lock = threading.Lock()
_counters = {"clerk": itertools.count(), "typist": itertools.count(), "supervisor": itertools.count()}
_state = {"issued": 0, "refused": 0, "unexpected": [], "tally_lines_acknowledged": {}, "target_ms": [],
          "target_at": [], "classic_ms": [], "all_ms": [], "started": None, "stopped": None}


@events.request.add_listener
def _timed(request_type, name, response_time, response_length, exception=None, **kwargs):
    _state["all_ms"].append(response_time)
    if name in TARGET_PAGES:
        _state["target_ms"].append(response_time)
        _state["target_at"].append(time.time())  # when it ended: the p95 of each ten seconds of the run
    elif name in CLASSIC_PAGES:
        _state["classic_ms"].append(response_time)


@events.test_start.add_listener
def _started(environment, **kwargs):
    _state["started"] = time.time()


@events.test_stop.add_listener
def _stopped(environment, **kwargs):
    _state["stopped"] = time.time()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(_state, f)


def _messages_cookie(response):
    for header in response.headers.getlist("set-cookie"):
        if header.startswith("messages="):
            return header.split(";", 1)[0]
    return None


class _Signed(FastHttpUser):
    abstract = True
    kind = None

    def on_start(self):
        plans = PLAN[self.kind + "s"]
        self.plan = plans[next(_counters[self.kind]) % len(plans)]
        self.cookie = f"sessionid={self.plan['session']}; csrftoken={CSRF}"

    def headers(self, extra_cookie=None):
        return {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host.split('://', 1)[1]}/",
                "Cookie": self.cookie + (f"; {extra_cookie}" if extra_cookie else "")}

    def post_then_follow(self, url, data, name):
        """POST a form (no redirect followed), then load the page it redirects to with the message cookie, as
        a browser does; returns that page's text ('' on failure)."""
        body = urlencode({**data, "csrfmiddlewaretoken": CSRF})
        headers = {**self.headers(), "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(url, data=body, headers=headers, name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"{name}: {response.status_code}")
                return ""
            location, cookie = response.headers.get("location"), _messages_cookie(response)
        page = self.client.get(location, headers=self.headers(cookie), name=f"{name}: page after")
        return page.text or ""


# A clerk serves the next voter every PACE seconds at most (constant pacing: sooner only if the server is slow):
# 40 clerks offer 66 voters a second, every tenth a second ballot the database refuses, so 60 issuances a
# second. A real station serves a voter in half a minute; this is election day's peak of a whole district,
# sent to one server.
PACE = 0.6
QUORUM_EVERY = 5  # seconds: the issuance page's quorum card refreshes itself (polling/quorum.js)


class _StationClerk(_Signed):
    """A clerk at one station with the voters who come to it, one after the other."""
    abstract = True
    kind = "clerk"
    wait_time = constant_pacing(PACE)

    def on_start(self):
        super().on_start()
        self.url = f"/polling/e/{self.plan['election']}/stations/{self.plan['station']}/issue/"
        self.queue = iter(self.plan["voters"])


# Each kind of clerk has its own task: locust adds a base class's tasks to a subclass's, so a clerk class
# derived from the other would run both paths.
class Clerk(_StationClerk):
    """Without the page's script: the search page, the form POST and the page after the redirect."""
    fixed_count = 2

    @task
    def issue_next(self):
        try:
            registration, name = next(self.queue)
        except StopIteration:  # everyone of this station has come
            self.stop()
            return
        search = f"{self.url}?q={quote(name)}"
        with self.client.get(search, headers=self.headers(), name="search", catch_response=True) as response:
            if name not in (response.text or ""):
                response.failure("search: the voter is not on the page")
                return
        page = self.post_then_follow(self.url, {"registration": registration, "next": search}, "issue")
        with _lock:
            if f"已向{name}发放选票" in page or f"Ballot issued to {name}." in page:
                _state["issued"] += 1
            elif re.search(re.escape(name) + "(已于.*领取选票| already received a ballot)", page):
                _state["refused"] += 1  # the other station was first: VOTE-2 refused the second ballot
            else:
                _state["unexpected"].append(name)


class LightClerk(_StationClerk):
    """With the page's script (polling/issue.js): the issuance page once, then for each voter the search as
    JSON and the issuance as a JSON POST with the CSRF token in the X-CSRFToken header, as the browser
    sends; and, as the page's quorum card does (polling/quorum.js), the live quorum every 5 seconds unless an
    issuance has just answered with it."""
    fixed_count = 38

    def on_start(self):
        super().on_start()
        self.client.get(self.url, headers=self.headers(), name="issue page (once)")
        self.quorum_url = f"/polling/e/{self.plan['election']}/quorum.json"
        self.next_quorum = time.monotonic() + QUORUM_EVERY
        self.answered_at = 0.0  # when an issuance last answered with the quorum

    def refresh_quorum(self):
        """As polling/quorum.js: every 5 s, unless an issuance answered with the quorum less than 4.5 s ago."""
        now = time.monotonic()
        if now < self.next_quorum:
            return
        while self.next_quorum <= now:
            self.next_quorum += QUORUM_EVERY
        if now - self.answered_at >= QUORUM_EVERY - 0.5:
            self.client.get(self.quorum_url, name="quorum.json",
                            headers={**self.headers(), "Accept": "application/json", "X-Background": "1"})

    @task
    def issue_next(self):
        self.refresh_quorum()
        try:
            registration, name = next(self.queue)
        except StopIteration:  # everyone of this station has come
            self.stop()
            return
        headers = {**self.headers(), "Accept": "application/json"}
        with self.client.get(f"{self.url}search.json?q={quote(name)}", headers=headers, name="search.json",
                             catch_response=True) as response:
            try:
                found = [r["id"] for r in response.json()["results"]]
            except (ValueError, KeyError, TypeError):
                found = []
            if registration not in found:
                response.failure("search.json: the voter is not found")
                return
        body = urlencode({"registration": registration})
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF}
        with self.client.post(f"{self.url}issue.json", data=body, headers=headers, name="issue.json",
                              catch_response=True) as response:
            try:
                data = response.json()
            except ValueError:
                data = {}
            with _lock:
                if response.status_code == 200 and data.get("ok"):
                    _state["issued"] += 1
                    self.answered_at = time.monotonic()
                elif response.status_code == 409 and data.get("rule") == "VOTE-2" and name in data["message"]:
                    _state["refused"] += 1  # the other station was first: VOTE-2 refused the second ballot
                    response.success()
                else:
                    _state["unexpected"].append(name)
                    response.failure(f"issue.json: {response.status_code}")


class Typist(_Signed):
    fixed_count = 10
    kind = "typist"
    wait_time = between(3, 6)  # ten ballot lines, each with its marks: still twice as fast as a trained typist

    def on_start(self):
        super().on_start()
        self.url = f"/counting/elections/{self.plan['election']}/entries/{self.plan['entry']}/"
        self.pages = itertools.cycle(self.plan["pages"])

    @task
    def type_page(self):
        data = next(self.pages)
        page = self.post_then_follow(self.url, data, "tally")
        match = re.search(r"第(\d+)–(\d+)行已保存|Lines (\d+)–(\d+) saved", page)
        if match:
            with _lock:
                acknowledged = _state["tally_lines_acknowledged"]
                key = str(self.plan["entry"])
                first, last = (int(n) for n in match.groups() if n)
                acknowledged[key] = acknowledged.get(key, 0) + last - first + 1


class Supervisor(_Signed):
    fixed_count = 20
    kind = "supervisor"
    # The live quorum every 5 s or so, as the page asks for it, and the dashboard reloaded every 15 s or so.
    wait_time = between(2, 6)

    @task(1)
    def dashboard(self):
        self.client.get("/communities/", headers=self.headers(), name="dashboard")

    @task(3)
    def quorum(self):
        election = self.plan["elections"][int(time.time()) % len(self.plan["elections"])]
        headers = {**self.headers(), "Accept": "application/json", "X-Background": "1"}
        self.client.get(f"/polling/e/{election}/quorum.json", headers=headers, name="quorum.json")

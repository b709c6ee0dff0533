#!/usr/bin/env python
"""Load test at election-day scale (issue 13, item 6): python bench/load.py [--quick] [--seconds N]

gunicorn with the shipped configuration (config/gunicorn.conf.py, production settings behind a proxy), on
loopback, on PostgreSQL in a database of its own (created, filled and dropped here), with Redis for the cache
and the sessions when it runs (LOAD_CACHE_URL); locust headless with 50 clerks — 40 searching voters and
issuing ballots at real stations, each serving a voter every 0.6 s (38 through the page's script, the light
path; 2 without), 10 typing tally lines — and 20 street supervisors refreshing the dashboard and the live
quorum, for a bounded time (60 s; --quick 25 s). bench/locustfile.py says who does what, how fast.

Prints
    BENCH load_requests_per_s        every request, per second
    BENCH load_issuances_per_s       ballots issued per second (counted in the database)
    BENCH load_p50_ms / load_p95_ms  the issuance and search requests as clerks send them with the page's
                                     script (polling/issue.js: search.json, issue.json — the light path)
    BENCH load_classic_p50_ms / _p95_ms  the same without script (search page, form POST, the page after it)
    BENCH load_p95_all_ms            every request, dashboards and tally entry included
    BENCH load_errors                failed requests (HTTP errors, a voter not found, an unexpected page)
    BENCH load_double_issues         voters holding two ballots of a round afterwards (in the database)
    BENCH load_lost_tally_lines      tally lines the server said it saved that are not in the database
    BENCH load_queries_per_issue     queries of one issuance POST (and load_queries_per_search: the search),
                                     light path; load_classic_queries_per_issue (POST + page after it) and
                                     load_classic_queries_per_search: without script
    BENCH load_app_cpu_ms_per_issuance  app CPU of one issuance as a clerk does it (search + issue) with the
                                     page's script; load_classic_app_cpu_ms_per_issuance: without
    BENCH load_app_cpu_ms_per_request  CPU of gunicorn's processes per request (load_db_cpu_ms_per_request:
                                     of the PostgreSQL backends; load_client_cpu_ms_per_request: of
                                     locust): unlike the times, not inflated when other work shares the
                                     machine's cores — but slower cores spend more of it
    BENCH load_machine_reference_ms  CPU of a fixed piece of pure Python, before and after the run: how fast
                                     the cores were (a shared host's are not always as fast)
Targets (issue 13): p95 < 500 ms, ≥ 50 issuances/s, 0 errors, 0 double issues, 0 lost tally lines.

The database: on the server of DATABASE_URL when that is PostgreSQL (its name + "_load"), else
postgres://postgres@127.0.0.1:5432/rcem_load_bench; without PostgreSQL the benchmark says so and is skipped.
The port: LOAD_PORT, else a free one. Registered in bench/run.py as `load` (bench/bench_load.py).
"""
import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.postgres import admin as _admin, own_database_url  # noqa: E402

USERS = 70  # 40 issuing clerks + 10 typists + 20 supervisors (bench/locustfile.py)
SPAWN_RATE = 20  # users started a second: the morning's logins do not all land in the same second
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
# Without the shipped configuration yet: gthread workers as config/gunicorn.conf.py sizes them on two cores.
FALLBACK_GUNICORN = ["--workers", "3", "--worker-class", "gthread", "--threads", "4", "--timeout", "120"]


def database_url():
    return own_database_url("load", "rcem_load_bench")


def _free_port():
    if os.environ.get("LOAD_PORT"):
        return int(os.environ["LOAD_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The cache of the deployment docs/operations.md describes for election day (Redis), in a database of its own,
# emptied before the run; LOAD_CACHE_URL names another, or "none" for no shared cache.
LOAD_CACHE_URL = "redis://127.0.0.1:6379/14"


def cache_url():
    """The Redis the server uses (emptied), or "" when there is none: then sessions, the user and their
    roles are read from PostgreSQL on every request, and the benchmark says so."""
    url = os.environ.get("LOAD_CACHE_URL", LOAD_CACHE_URL)
    if url == "none":
        return ""
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).flushdb()
    except Exception as exc:  # noqa: BLE001 - no Redis here: measured without it
        print(f"bench load: no Redis at {url} ({exc.__class__.__name__}): without a shared cache", file=sys.stderr)
        return ""
    return url


def server_env(url, workdir, cache=""):
    """The production settings (no DJANGO_DEV, a secret key, HTTPS behind a proxy), on the benchmark's
    database and media directory; persistent database connections and the Redis cache as docs/operations.md
    advises. The connections live 600 s, not the guide's 60: longer than the run, so that no PostgreSQL backend
    ends, its CPU uncounted, before load_db_cpu_ms_per_request is read (one reconnection a minute per thread
    costs nothing measurable)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEV", "DEBUG", "CLOCK_TODAY", "CACHE_URL")}
    env.update({"DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(50), "BEHIND_PROXY": "True",
                "MEDIA_ROOT": str(Path(workdir) / "media"), "DJANGO_SETTINGS_MODULE": "config.settings",
                "CONN_MAX_AGE": env.get("CONN_MAX_AGE", "600"), "GUNICORN_ACCESS_LOG": "False",
                "PYTHONPATH": str(ROOT)})
    if cache:
        env["CACHE_URL"] = cache
    return env


def _run(args, env, timeout, what):
    result = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stdout[-2000:]}\n"
                           f"{result.stderr[-4000:]}")
    return result.stdout


def gunicorn_command(port):
    command = [sys.executable, "-m", "gunicorn"]
    command += ["-c", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else FALLBACK_GUNICORN
    return command + ["--bind", f"127.0.0.1:{port}", "config.wsgi:application"]


def _wait_until_up(port, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/login/",
                                                          headers={"X-Forwarded-Proto": "https"}), timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within a minute")


def _cpu_seconds(server, database):
    """CPU seconds used so far by gunicorn's processes and by the PostgreSQL backends serving `database` (on
    this machine): figures that, unlike the times, do not grow when other work shares the cores."""
    import psutil

    app = db = 0.0
    try:
        master = psutil.Process(server.pid)
        processes = [master] + master.children(recursive=True)
        # workers replaced during the run (max_requests): their CPU is the master's children's, once reaped
        reaped = master.cpu_times()
        app += reaped.children_user + reaped.children_system
    except psutil.NoSuchProcess:
        processes = []
    for process in processes:
        try:
            times = process.cpu_times()
            app += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    for process in psutil.process_iter(["name", "cmdline"]):
        try:
            command = " ".join(process.info["cmdline"] or []) + " "
            if process.info["name"] == "postgres" and f" {database} " in command:
                times = process.cpu_times()
                db += times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return app, db


def machine_reference_ms():
    """CPU milliseconds of a fixed piece of pure Python (best of three): how fast this machine's cores are at the
    moment. A shared host's cores are not always as fast (we measured twice as slow at busy hours), and every
    figure of a run moves with it: compare runs whose references are alike."""
    best = None
    for _ in range(3):
        start = time.process_time()
        sum(i * i for i in range(2_000_000))
        took = 1000 * (time.process_time() - start)
        best = took if best is None else min(best, took)
    return best


def _children_cpu_seconds():
    """CPU seconds of this process's finished children (locust, once it has exited)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _stop(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # graceful: the workers finish their requests
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return float(values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))])


def _locust_totals(csv_prefix):
    """(requests, failures, per-name rows) from locust's stats CSV; each kind of failure is printed."""
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    rows = [r for r in rows if r["Name"] != "Aggregated"]
    if Path(f"{csv_prefix}_failures.csv").exists():
        with open(f"{csv_prefix}_failures.csv", encoding="utf-8") as f:
            for failure in csv.DictReader(f):
                print(f"bench load: failed {failure['Occurrences']}× {failure['Method']} {failure['Name']}: "
                      f"{failure['Error']}", file=sys.stderr)
    return int(total["Request Count"]), int(total["Failure Count"]), rows


def measure(quick, seconds=None, verbose=False):
    url = database_url()
    name = url.rpartition("/")[2]
    try:
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(url, f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL: the test needs it (SQLite serialises writes)
        print(f"bench load: no PostgreSQL at {url} ({exc.__class__.__name__}): skipped", file=sys.stderr)
        return None
    seconds = seconds or (25 if quick else 60)
    with tempfile.TemporaryDirectory(prefix="rcem-load-") as workdir:
        env = server_env(url, workdir, cache_url())
        plan, out, stats = (str(Path(workdir) / n) for n in ("plan.json", "out.json", "locust"))
        try:
            start = time.perf_counter()
            _run([sys.executable, "-m", "bench.load_scene", "seed", plan] + (["--quick"] if quick else []),
                 env, 900, "seeding the scene")
            _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env, 300,
                 "collectstatic")
            print(f"bench load: scene ready in {time.perf_counter() - start:.0f} s", file=sys.stderr)
            port = _free_port()
            log = open(Path(workdir) / "gunicorn.log", "w")
            server = subprocess.Popen(gunicorn_command(port), cwd=ROOT, env=env, stdout=log, stderr=log)
            try:
                _wait_until_up(port, server)
                reference = machine_reference_ms()
                cpu_before = _cpu_seconds(server, name)
                locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                          "--headless", "--users", str(USERS), "--spawn-rate", str(SPAWN_RATE), "--run-time",
                          f"{seconds}s", "--stop-timeout", "10", "--host", f"http://127.0.0.1:{port}",
                          "--csv", stats, "--only-summary", "--loglevel", "WARNING"]
                client_cpu = _children_cpu_seconds()
                result = subprocess.run(locust, cwd=ROOT, env={**env, "LOAD_PLAN": plan, "LOAD_OUT": out},
                                        text=True, capture_output=True, timeout=seconds + 120)
                client_cpu = _children_cpu_seconds() - client_cpu
                if verbose or not Path(out).exists():
                    sys.stderr.write(result.stdout[-6000:] + result.stderr[-6000:])
                cpu_after = _cpu_seconds(server, name)
                reference_after = machine_reference_ms()
            finally:
                _stop(server)
                log.close()
            if verbose:
                sys.stderr.write((Path(workdir) / "gunicorn.log").read_text()[-4000:])
            checked = _run([sys.executable, "-m", "bench.load_scene", "check", plan, out], env, 300,
                           "the checks afterwards")
            checked = json.loads(checked.strip().splitlines()[-1])
            clients = json.loads(Path(out).read_text())
            requests, failures, rows = _locust_totals(stats)
        finally:
            _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    elapsed = max(1e-6, clients["stopped"] - clients["started"])
    figures = {
        "requests_per_s": requests / elapsed,
        "issuances_per_s": checked["issued"] / elapsed,
        "p50_ms": _percentile(clients["target_ms"], 50),
        "p95_ms": _percentile(clients["target_ms"], 95),
        "p95_all_ms": _percentile(clients["all_ms"], 95),
        "classic_p50_ms": _percentile(clients["classic_ms"], 50),
        "classic_p95_ms": _percentile(clients["classic_ms"], 95),
        "errors": failures + len(clients["unexpected"]),
        "double_issues": checked["double_issues"],
        "lost_tally_lines": checked["lost_tally_lines"],
        "queries_per_issue": checked["light_issue_queries"],
        "queries_per_search": checked["light_search_queries"],
        "classic_queries_per_issue": checked["classic_issue_queries"] + checked["classic_page_after_queries"],
        "classic_queries_per_search": checked["classic_search_queries"],
        "issue_cpu_ms": checked["light_cpu_ms"], "classic_issue_cpu_ms": checked["classic_cpu_ms"],
        "refused": clients["refused"], "rows": rows, "seconds": elapsed,
        "app_cpu_ms": 1000 * (cpu_after[0] - cpu_before[0]) / max(1, requests),
        "db_cpu_ms": 1000 * (cpu_after[1] - cpu_before[1]) / max(1, requests),
        "client_cpu_ms": 1000 * client_cpu / max(1, requests),
        "reference_ms": (reference + reference_after) / 2,
        "p95_by_10s": _p95_by_window(clients, 10),
    }
    return figures


def _p95_by_window(clients, seconds):
    """The p95 of the issuance and search requests of each `seconds` of the run: where the slow ones fall (the
    morning's logins at the start, or all along)."""
    windows = {}
    for ended, ms in zip(clients.get("target_at", []), clients["target_ms"]):
        windows.setdefault(int((ended - clients["started"]) // seconds), []).append(ms)
    return [round(_percentile(windows[w], 95)) for w in sorted(windows)]


def run(quick, seconds=None, verbose=False):
    figures = measure(quick, seconds, verbose)
    if figures is None:
        return
    for row in figures["rows"]:
        print(f"bench load: {row['Name']:<20} {row['Request Count']:>6} requests, "
              f"{row['Failure Count']} failed, p50 {row['50%']} ms, p95 {row['95%']} ms", file=sys.stderr)
    print(f"bench load: {figures['refused']} second ballots refused (VOTE-2) in {figures['seconds']:.0f} s",
          file=sys.stderr)
    print("bench load: p95 of the issuance and search requests, each 10 s: "
          + ", ".join(f"{ms} ms" for ms in figures["p95_by_10s"]), file=sys.stderr)
    report("load_requests_per_s", figures["requests_per_s"], "/s")
    report("load_issuances_per_s", figures["issuances_per_s"], "/s", target=">=50")
    report("load_p50_ms", figures["p50_ms"], "ms")
    report("load_p95_ms", figures["p95_ms"], "ms", target="<500")
    report("load_classic_p50_ms", figures["classic_p50_ms"], "ms")
    report("load_classic_p95_ms", figures["classic_p95_ms"], "ms")
    report("load_p95_all_ms", figures["p95_all_ms"], "ms")
    report("load_errors", figures["errors"], "requests", target="0")
    report("load_double_issues", figures["double_issues"], "voters", target="0")
    report("load_lost_tally_lines", figures["lost_tally_lines"], "lines", target="0")
    report("load_queries_per_issue", figures["queries_per_issue"], "queries")
    report("load_queries_per_search", figures["queries_per_search"], "queries")
    report("load_classic_queries_per_issue", figures["classic_queries_per_issue"], "queries")
    report("load_classic_queries_per_search", figures["classic_queries_per_search"], "queries")
    # One issuance as a clerk does it (search + issue), app CPU in one process after the run, both paths
    report("load_app_cpu_ms_per_issuance", figures["issue_cpu_ms"], "ms")
    report("load_classic_app_cpu_ms_per_issuance", figures["classic_issue_cpu_ms"], "ms")
    # What a request costs the server, whatever else the machine runs: gunicorn's and PostgreSQL's CPU.
    report("load_app_cpu_ms_per_request", figures["app_cpu_ms"], "ms")
    report("load_db_cpu_ms_per_request", figures["db_cpu_ms"], "ms")
    # ... and what it costs locust to send it and read the answer, on the same two cores
    report("load_client_cpu_ms_per_request", figures["client_cpu_ms"], "ms")
    # How fast the cores were (before and after the run, averaged): the same code ran at half the rate when
    # the shared host was busy. Compare runs whose references are alike.
    report("load_machine_reference_ms", figures["reference_ms"], "ms")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="25 s on a smaller scene (CI)")
    parser.add_argument("--seconds", type=int, help="how long the users run (default 60; --quick 25)")
    parser.add_argument("--verbose", action="store_true", help="show locust's and gunicorn's output")
    args = parser.parse_args(argv)
    run(args.quick, args.seconds, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())

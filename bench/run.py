#!/usr/bin/env python
"""Run the benchmarks: python bench/run.py [--quick] [--only NAME ...]

Every bench/bench_<name>.py is a benchmark; it exposes run(quick: bool) and prints lines
`BENCH <name> <value> <unit> target=<target>`. Unless DATABASE_URL is set, the run uses a throwaway SQLite
database (and media directory) in a temporary directory, migrated here, so it never touches the dev database.
Exit status: 0 when every benchmark ran (met its target or not), 1 when one crashed, 2 on bad arguments.
"""
import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def available():
    return sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smaller version of each benchmark, for CI")
    parser.add_argument("--only", action="append", metavar="NAME", choices=available(),
                        help="run only this benchmark (repeatable); one of: " + ", ".join(available()))
    return parser.parse_args(argv)


def setup_django(workdir):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEV", "1")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
        os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def run_one(name, quick):
    """Run one benchmark; True when it finished (whatever its figures), False when it crashed."""
    start = time.perf_counter()
    try:
        importlib.import_module(f"bench.bench_{name}").run(quick=quick)
    except Exception:  # noqa: BLE001 - any crash is reported, and the other benchmarks still run
        traceback.print_exc()
        print(f"bench {name}: CRASHED", file=sys.stderr, flush=True)
        return False
    print(f"bench {name}: done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return True


def main(argv=None):
    args = parse_args(argv)
    names = args.only or available()
    with tempfile.TemporaryDirectory(prefix="rcem-bench-") as workdir:
        setup_django(workdir)
        crashed = [name for name in names if not run_one(name, args.quick)]
        from django.db import connections

        connections.close_all()  # before the temporary database file goes
    if crashed:
        print("crashed: " + ", ".join(crashed), file=sys.stderr)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())

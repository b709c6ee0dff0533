"""bench/run.py runs the benchmarks and prints their BENCH lines (DESIGN.md, Benchmarks)."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_bench(*args):
    env = {**os.environ, "DJANGO_DEV": "1"}
    # Never let the benchmark reach a configured database: it makes its own throwaway SQLite one.
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "bench/run.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def test_quick_election_notice_benchmark_prints_its_bench_lines():
    result = run_bench("--quick", "--only", "election_notice")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    timing = re.compile(r"BENCH election_notice_pdf_s [\d.]+ s target=<1\.5")
    assert any(timing.fullmatch(line) for line in lines), lines
    assert "BENCH election_notice_pages 1 pages target=1" in lines


def test_an_unknown_benchmark_name_is_refused():
    result = run_bench("--only", "no_such_benchmark")

    assert result.returncode == 2

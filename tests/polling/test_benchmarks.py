"""bench/bench_ballots.py prints the BENCH lines the issue names (DESIGN.md, Benchmarks)."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_ballots_benchmark_prints_its_bench_lines():
    env = {**os.environ, "DJANGO_DEV": "1"}
    env.pop("DATABASE_URL", None)  # the benchmark makes its own throwaway SQLite database
    result = subprocess.run([sys.executable, "bench/run.py", "--quick", "--only", "ballots"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)

    assert result.returncode == 0, result.stderr
    for name, target in [("ballots_1300_pdf_s", "<20"), ("ballots_10k_pdf_s", "<90"),
                         ("ballots_10k_peak_mib", "<1024"), ("ballot_copy_vs_single_ratio", "<=0.05")]:
        assert re.search(rf"^BENCH {name} [\d.e-]+ \S+ target={re.escape(target)}$", result.stdout, re.M), \
            result.stdout
    assert re.search(r"^BENCH ballots_1300_pages 1300 pages target=1300$", result.stdout, re.M)

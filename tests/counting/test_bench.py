"""The counting benchmarks run and print their BENCH lines under the names DESIGN.md gives them."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_counting_benchmarks_print_results_10k_s_and_tally_entry_10k_s():
    env = {**os.environ, "DJANGO_DEV": "1"}
    env.pop("DATABASE_URL", None)  # the runner makes its own throwaway SQLite database
    result = subprocess.run([sys.executable, "bench/run.py", "--quick", "--only", "results", "--only",
                             "tally_entry"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(re.fullmatch(r"BENCH results_10k_s [\d.e-]+ s target=<1\.0", line) for line in lines), lines
    assert any(re.fullmatch(r"BENCH tally_entry_10k_s [\d.e-]+ s target=<30", line) for line in lines), lines

"""The load test at election-day scale (issue 13, item 6): bench/load.py, here for bench/run.py (--quick: 25 s
on a smaller scene, as CI runs it)."""
from bench.load import run  # noqa: F401

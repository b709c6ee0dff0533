"""Benchmarks: bench/bench_<name>.py modules, run by `python bench/run.py` (DESIGN.md, Benchmarks).

Each module exposes `run(quick: bool)` and prints its results with `report`, one line each:
    BENCH <name> <value> <unit> target=<target>
A benchmark that misses its target still exits normally; only a crash makes run.py exit non-zero.
"""
import statistics
import time


def report(name, value, unit, target=None):
    """Print one result line; `target` is text such as "<1.5" (s) or ">=100" (per s)."""
    shown = f"{value:.3g}" if isinstance(value, float) else str(value)
    line = f"BENCH {name} {shown} {unit}"
    print(line + (f" target={target}" if target is not None else ""), flush=True)


def timings(fn, repeat):
    """Wall-clock seconds of `repeat` calls of fn()."""
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        result.append(time.perf_counter() - start)
    return result


def median_time(fn, repeat):
    return statistics.median(timings(fn, repeat))

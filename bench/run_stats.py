"""Medians of alternating benchmark runs, shared by the bench_*.sh table printers.

A runs file is a TSV with a header; every row is one run with at least the columns tool, run,
status, timed_s, cpu_s, cpu_pct, load1 (see bench_lib.sh's bench_timed). Rows are grouped by
tool (and model when the file has that column).
"""
import csv
import statistics


def read_runs(path):
    return list(csv.DictReader(open(path), delimiter="\t"))


def group(rows, *keys):
    """{(key values...): [rows in run order]} keeping the first-seen order."""
    out = {}
    for r in rows:
        out.setdefault(tuple(r[k] for k in keys), []).append(r)
    return out


def ok(rows):
    return [r for r in rows if r["status"] == "ok"]


def median(rows, col):
    xs = [float(r[col]) for r in ok(rows)]
    return statistics.median(xs) if xs else None


def spread(rows, col, digits=1):
    """'median (min-max)' of a column over the successful runs, '-' when none succeeded."""
    xs = [float(r[col]) for r in ok(rows)]
    if not xs:
        return "-"
    m = statistics.median(xs)
    if len(xs) == 1:
        return f"{m:.{digits}f}"
    return f"{m:.{digits}f} ({min(xs):.{digits}f}–{max(xs):.{digits}f})"


def ratio(peer_rows, rows, col="timed_s"):
    """peer median / tool median: > 1 means the tool is faster. '-' when either is missing."""
    p, t = median(peer_rows or [], col), median(rows, col)
    return "-" if p is None or t is None or t == 0 else f"{p / t:.2f}×"


def shares(rows):
    """The CPU share and load average before each run, in run order: '190% @3.1, 185% @2.9'."""
    return ", ".join(f"{r['cpu_pct']} @{r['load1']}" for r in rows)


def failures(rows):
    return [r for r in rows if r["status"] != "ok"]

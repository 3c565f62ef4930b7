#!/usr/bin/env python3
"""summarize.py [results.log]: medians per size of the RESULT lines the bench scripts append,
as the markdown tables of bench/RESULTS.md (the latest runs of each kind and size count)."""
import statistics
import sys
from collections import defaultdict

path = sys.argv[1] if len(sys.argv) > 1 else "bench/out/results.log"
runs = defaultdict(list)  # (kind, n) -> [fields]
for line in open(path):
    parts = line.split()
    if len(parts) < 3 or parts[0] != "RESULT" or parts[2] == "machine":
        continue
    fields = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
    runs[(parts[2], int(fields.get("n", 0)))].append(fields)


def med(kind, n, key, last=3):
    values = [float(f[key]) for f in runs.get((kind, n), [])[-last:] if key in f]
    return statistics.median(values) if values else None


def ms(text):
    """wrk latency (e.g. 1.23ms, 850.00us, 1.02s) in milliseconds."""
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    return float(text)


def fmt(value, digits=2):
    return "-" if value is None else f"{value:,.{digits}f}"


sizes = sorted({n for (_, n) in runs})


def cpu(kind, n, last=3):
    values = [float(f["user"]) + float(f["sys"]) for f in runs.get((kind, n), [])[-last:] if "user" in f]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a and b else None


def mb(kind, n, key):
    value = med(kind, n, key)
    return None if value is None else value / 1048576


print("| brands | posts | ours: import posts/s (wall) | CPU s | sqlite3 .import posts/s | ours / sqlite3 | re-import s | peak MB "
      "| store MB | of it posts MB | plain table MB | store / plain | posts / plain | CPU pressure % |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    posts = med("import", n, "posts")
    ours, peer = med("import", n, "wall"), med("sqlite3_import", n, "wall")
    print(f"| {n:,} | {fmt(posts, 0)} | {fmt(ratio(posts, ours), 0)} | {fmt(cpu('import', n), 1)} | {fmt(ratio(posts, peer), 0)} "
          f"| {fmt(ratio(peer, ours))} | {fmt(med('reimport', n, 'wall'))} | {fmt((med('import', n, 'rss_kb') or 0) / 1024, 0)} "
          f"| {fmt(mb('import', n, 'store_bytes'), 0)} | {fmt(mb('import', n, 'posts_bytes'), 0)} | {fmt(mb('sqlite3_import', n, 'plain_bytes'), 0)} "
          f"| {fmt(ratio(med('import', n, 'store_bytes'), med('sqlite3_import', n, 'plain_bytes')))} "
          f"| {fmt(ratio(med('import', n, 'posts_bytes'), med('sqlite3_import', n, 'plain_bytes')))} | {fmt(med('import', n, 'cpu_pressure'), 0)} |")
print()
print("| brands | report --all cold s | CPU s | peak MB | warm s | DuckDB compute s | cold / DuckDB | warm / DuckDB | API /benchmarks first s "
      "| warm s | API first / cold | CPU pressure % |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    cold, warm, duck = med("report", n, "wall"), med("report_warm", n, "wall"), med("duckdb", n, "compute")
    print(f"| {n:,} | {fmt(cold)} | {fmt(cpu('report', n))} | {fmt((med('report', n, 'rss_kb') or 0) / 1024, 0)} | {fmt(warm)} | {fmt(duck)} "
          f"| {fmt(ratio(cold, duck))} | {fmt(ratio(warm, duck))} | {fmt(med('api_benchmarks_first', n, 'seconds', 1))} | {fmt(med('api_benchmarks', n, 'seconds'))} "
          f"| {fmt(ratio(med('api_benchmarks_first', n, 'seconds', 1), cold))} | {fmt(med('report', n, 'cpu_pressure'), 0)} |")
print()
print("| brands | brand report p50 ms | p99 ms | brand report req/s | /health req/s | ratio | server peak MB |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    last = runs.get(("api_brand", n), [None])[-1]
    if last is None:
        continue
    health = [float(h) for h in last["health_rps"].split(",")]
    rps = float(last["rps"])
    print(f"| {n:,} | {fmt(ms(last['p50']))} | {fmt(ms(last['p99']))} | {fmt(rps, 0)} | {fmt(statistics.mean(health), 0)} "
          f"| {fmt(rps / statistics.mean(health))} | {fmt(float(last['server_rss_kb']) / 1024, 0)} |")

#!/usr/bin/env python3
"""Projected speedup of distributed training over N nodes, from measured inputs (bench/README.md,
"Distributed training: a scaling model"). Prints a Markdown table.

  mpi_scaling_model.py --words-per-core W --round-bytes B --full-bytes F --epoch-words E
                       [--cores 16] [--global-period G] [--latency-us 10] [--chunk-bytes 1048576]

Model, per node of `cores` cores training at W words/s each (node rate R = cores * W, as measured
per core on one machine):
  * replicas must be merged every G words of the whole job to hold accuracy (G = what the
    measurement used: ranks * --sync-every), so a node merges every G / N of its own words,
    i.e. every T = G / (N * R) seconds (or, with --rank-period P, every P / R seconds whatever N:
    cheaper, but the accuracy of a job period of N * P words is not measured beyond N = 4);
  * one average of B bytes (the tiered mean per round, measured) by ring allreduce takes
    t(N) = 2 (N-1)/N * B / bandwidth + 2 (N-1) * latency * ceil(B / chunk);
  * the communication thread overlaps training, so a node loses nothing while t(N) <= T; beyond,
    training outruns the averaging and must wait (or accuracy drops): a period costs max(T, t(N));
  * at every epoch end and at the end a full average of F bytes costs t_full(N), not overlapped.
Speedup(N) = N * E_node_time / (E_node_time * max(1, t/T) + full cost), E_node_time = E / (N R).
"""
import argparse
import math

p = argparse.ArgumentParser()
p.add_argument("--words-per-core", type=float, required=True)
p.add_argument("--round-bytes", type=float, required=True, help="mean payload per tiered round")
p.add_argument("--full-bytes", type=float, required=True, help="payload of one full average")
p.add_argument("--epoch-words", type=float, required=True)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--cores", type=int, default=16)
p.add_argument("--global-period", type=float, default=400000, help="words of the whole job between rounds")
p.add_argument("--rank-period", type=float, default=0,
               help="instead: words of each node between rounds, whatever N (the job's period grows with N)")
p.add_argument("--latency-us", type=float, default=10.0)
p.add_argument("--chunk-bytes", type=float, default=1 << 20)
a = p.parse_args()


def allreduce_s(n, nbytes, gbps):
    if n == 1:
        return 0.0
    bw = gbps * 1e9 / 8
    return 2 * (n - 1) / n * nbytes / bw + 2 * (n - 1) * a.latency_us * 1e-6 * math.ceil(nbytes / a.chunk_bytes)


R = a.cores * a.words_per_core
print(f"node rate {R / 1e6:.1f}M words/s ({a.cores} cores x {a.words_per_core / 1e3:.0f}k), round {a.round_bytes / 1e6:.2f} MB, "
      f"full {a.full_bytes / 1e6:.1f} MB, "
      + (f"period {a.rank_period / 1e3:.0f}k words per node" if a.rank_period else f"period {a.global_period / 1e3:.0f}k words of the job")
      + f", latency {a.latency_us:.0f} us\n")
print("| link | " + " | ".join(f"N={n}" for n in (2, 4, 8, 16, 32, 64)) + " | first N below 0.8 N |")
print("|---|" + "--:|" * 6 + "---|")
for gbps in (10, 25, 100):
    cells, first = [], None
    for n in (2, 4, 8, 16, 32, 64):
        node_time = a.epochs * a.epoch_words / (n * R)
        period = a.rank_period / R if a.rank_period else a.global_period / (n * R)
        t = allreduce_s(n, a.round_bytes, gbps)
        full = (a.epochs + 1) * allreduce_s(n, a.full_bytes, gbps)
        s = n * node_time / (node_time * max(1.0, t / period) + full)
        cells.append(f"{s:.1f} ({100 * s / n:.0f}%)")
        if first is None and s < 0.8 * n:
            first = n
    print(f"| {gbps} Gb/s | " + " | ".join(cells) + f" | {first if first else '> 64'} |")

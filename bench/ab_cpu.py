#!/usr/bin/env python3
"""Two or more builds of wordvec on one command, for a ratio on a shared machine.

usage: bench/ab_cpu.py ROUNDS NAME=BINARY... -- ARGS...

Runs every BINARY with ARGS once per round, the order reversed every other round (A B, B A, ...), so a burst
of load hits all of them; prints each run's CPU seconds (user + system, from getrusage: microseconds, where
/usr/bin/time gives hundredths), wall seconds and the load average before it, then each build's median and
its ratio to the first. Used for the a15e6e6 comparison in bench/README.md ("Loading vector files").
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or "--" not in sys.argv:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    sep = sys.argv.index("--")
    builds = [a.split("=", 1) for a in sys.argv[2:sep]]
    args = sys.argv[sep + 1:]
    runs = {name: [] for name, _ in builds}
    for r in range(rounds):
        for name, exe in builds if r % 2 == 0 else builds[::-1]:
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([exe] + args, stdout=subprocess.DEVNULL, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            runs[name].append((cpu, wall, load))
            print(f"  round {r + 1} {name}: {cpu:.3f} cpu s, {wall:.3f} wall s, load {load:.2f}", flush=True)
    for name, _ in builds:
        cpu, wall, load = zip(*runs[name])
        print(f"{name}: median cpu {statistics.median(cpu):.3f} (min {min(cpu):.3f} max {max(cpu):.3f}), "
              f"median wall {statistics.median(wall):.3f}, load {min(load):.2f}-{max(load):.2f}")
    first = builds[0][0]
    base = statistics.median(x[0] for x in runs[first])
    for name, _ in builds[1:]:
        print(f"{name}/{first} cpu ratio: {statistics.median(x[0] for x in runs[name]) / base:.3f}")


if __name__ == "__main__":
    main()

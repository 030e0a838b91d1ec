#!/usr/bin/python3
"""jieba_cut.py IN OUT: segments IN with Debian python3-jieba's jieba.cut(line, HMM=True), one line per
line, tokens joined by single spaces, white-space tokens left out (as `wordvec tokenize` leaves them
out). Prints 'chars SECONDS' to stdout: code points of IN and the seconds the cutting took (the
dictionary is loaded before the clock starts)."""
import sys
import time

import jieba


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    jieba.setLogLevel(60)
    jieba.initialize()
    start = time.perf_counter()
    out = [" ".join(t for t in jieba.cut(line, HMM=True) if t.strip()) for line in lines]
    seconds = time.perf_counter() - start
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(sum(len(line) for line in lines), "%.4f" % seconds)


if __name__ == "__main__":
    main()

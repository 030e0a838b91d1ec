#!/usr/bin/env bash
# Installs what wordvec needs to build, test and run its benchmarks on Debian 12 (run as root).
# Quick when everything is already there: packages are only installed when missing.
set -euo pipefail
PACKAGES=(g++ cmake make pkg-config libeigen3-dev libboost-program-options-dev libfmt-dev catch2 zlib1g-dev
          python3-gensim python3-numpy fasttext xz-utils gzip time
          jupyter-nbconvert python3-ipykernel python3-matplotlib
          libicu-dev libopencc-dev opencc python3-jieba
          pybind11-dev python3-pybind11 python3-pytest
          libsqlite3-dev sqlite3 nlohmann-json3-dev libhnswlib-dev
          libopenmpi-dev openmpi-bin
          libopenblas-dev)  # libopenblas-dev: the pWord2Vec peer of bench/bench_word2vec.sh
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

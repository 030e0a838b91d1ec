#!/usr/bin/env bash
# Installs a wordvec build into a temporary prefix and uses it the way another project would:
#   run.sh cmake|pkg-config BUILD_DIR WORK_DIR CXX VERSION
# cmake: configures and builds tests/consumer/ with find_package(wordvec) (-DCMAKE_PREFIX_PATH);
# pkg-config: compiles tests/consumer/neighbours.cpp with `pkg-config --cflags --libs wordvec`.
# Either way the program then reads a vector file written here and must print its neighbours.
set -euo pipefail
how=$1 build=$2 work=$3 cxx=$4 version=$5
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$how" = pkg-config ] && ! command -v pkg-config >/dev/null; then echo "pkg-config not installed"; exit 77; fi
rm -rf "$work" && mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }

# The build's tuning flags stay in the build: nothing installed may hand them to a consumer.
if grep -rn -e '-march' -e '-fsanitize' "$prefix/lib"*/cmake "$prefix/lib"*/pkgconfig 2>/dev/null; then
  fail "tuning or sanitizer flags leak into the installed package"
fi
# Private headers stay private, and the umbrella header includes every installed one.
[ ! -e "$prefix/include/wordvec/eval/text_lines.hpp" ] || fail "private header eval/text_lines.hpp installed"
for h in $(cd "$prefix/include" && find wordvec -name '*.hpp' ! -path wordvec/wordvec.hpp | sort); do
  grep -q "#include \"$h\"" "$prefix/include/wordvec/wordvec.hpp" || fail "wordvec/wordvec.hpp does not include $h"
done

# Six words in word2vec text; the expected neighbours are their cosines, worked out by hand.
cat >"$work/vectors.txt" <<'VECTORS'
6 4
king 0.8 0.6 0.1 0
queen 0.7 0.7 0.1 0.1
man 0.6 0.1 0.1 0
woman 0.5 0.3 0.1 0.2
car 0 0.1 0.9 0.3
truck 0.1 0 0.8 0.5
VECTORS
cat >"$work/expected.txt" <<EXPECTED
wordvec $version: 6 words, dim 4
king: queen 0.9851 woman 0.9401 man 0.8878
car: truck 0.9613 woman 0.3021 queen 0.1992
woman: queen 0.9448 king 0.9401 man 0.8832
EXPECTED

case $how in
  cmake)
    cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "consumer configure"; }
    cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "consumer build"; }
    program=$work/build/neighbours
    ;;
  pkg-config)
    pcdir=$(dirname "$(find "$prefix" -name wordvec.pc | head -1)")
    export PKG_CONFIG_PATH=$pcdir
    [ "$(pkg-config --modversion wordvec)" = "$version" ] || fail "pkg-config --modversion: $(pkg-config --modversion wordvec)"
    flags=$(pkg-config --cflags --libs wordvec) || fail "pkg-config --cflags --libs wordvec"
    echo "pkg-config --cflags --libs wordvec: $flags"
    # shellcheck disable=SC2086  # the flags are words
    "$cxx" -std=c++20 -O2 "$here/neighbours.cpp" -o "$work/neighbours" $flags || fail "compile with pkg-config flags"
    program=$work/neighbours
    ;;
  *) fail "unknown mode $how" ;;
esac

"$program" "$work/vectors.txt" king car woman >"$work/out.txt" || fail "neighbours exited with $?"
diff -u "$work/expected.txt" "$work/out.txt" || fail "neighbours printed something else"
# A library error reaches the program as the library's exception, message intact.
if "$program" "$work/vectors.txt" kingdom >/dev/null 2>"$work/err.txt"; then fail "unknown word accepted"; fi
grep -qx "neighbours: word 'kingdom' not in vocabulary" "$work/err.txt" || { cat "$work/err.txt"; fail "error message"; }
echo "ok: $how consumer of the installed package"

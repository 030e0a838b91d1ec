# The format fuzz test built with AddressSanitizer + UndefinedBehaviorSanitizer (-DWORDVEC_SANITIZE=ON)
# in its own build directory beside the normal one, building only the fuzz target, then run.
# Skip with WORDVEC_SKIP_SANITIZE=1 (exit 77).
source "$(dirname "$0")/common.bash"
if [ "${WORDVEC_SKIP_SANITIZE:-0}" = 1 ]; then echo "skipped: WORDVEC_SKIP_SANITIZE=1"; exit 77; fi
BUILD_DIR=${WORDVEC_SANITIZE_BUILD_DIR:-$(dirname "$(readlink -f "$WORDVEC")")/sanitize-build}
# A sanitizer runtime must exist for this compiler; otherwise there is nothing to test here.
if ! echo 'int main(){}' | ${CXX:-c++} -x c++ -fsanitize=address,undefined -o "$TMP/probe" - 2>/dev/null; then
  echo "skipped: the compiler cannot link -fsanitize=address,undefined"; exit 77
fi
start=$(date +%s)
# -O1 -g1: quick to compile, still fast enough to run; the sanitizers need nothing more.
cmake -S "$SRC" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS="-O1 -g1" -DWORDVEC_SANITIZE=ON -DWORDVEC_NATIVE=OFF \
  > "$TMP/configure.log" 2>&1 || { cat "$TMP/configure.log"; fail "configure"; finish; }
cmake --build "$BUILD_DIR" --target wordvec_fuzz_tests -j2 > "$TMP/build.log" 2>&1 || { tail -30 "$TMP/build.log"; fail "build"; finish; }
echo "sanitizer build: $(( $(date +%s) - start )) s"
# Leaks count as failures too; any sanitizer report aborts with a non-zero exit.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$BUILD_DIR/tests/wordvec_fuzz_tests" "[format_fuzz]" > "$TMP/run.log" 2>&1 || { tail -40 "$TMP/run.log"; fail "fuzz under ASan/UBSan"; }
tail -2 "$TMP/run.log"
finish

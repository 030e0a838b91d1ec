# Shared helpers for the command-line tests. Usage: source lib.sh; the test gets $WORDVEC and $SRC.
set -u
WORDVEC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILED=0

fail() { echo "FAIL: $*"; FAILED=1; }

# A small deterministic corpus: two topics whose words co-occur only within their topic.
make_corpus() {
  awk 'BEGIN { srand(7);
    split("cat dog mouse horse cow sheep goat pig", a, " ");
    split("red green blue yellow black white brown pink", b, " ");
    for (l = 0; l < 3000; l++) {
      line = "";
      for (k = 0; k < 12; k++) { w = (l % 2 == 0) ? a[int(rand() * 8) + 1] : b[int(rand() * 8) + 1]; line = line (k ? " " : "") w; }
      print line } }' > "$1"
}

# expect_error NAME PATTERN COMMAND...: the command must fail and print PATTERN on stderr.
expect_error() {
  local name=$1 pattern=$2; shift 2
  local out rc
  out=$("$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 0 ]; then fail "$name: exit code 0, expected failure"; return; fi
  if ! grep -qE -- "$pattern" <<<"$out"; then fail "$name: message '$out' does not match '$pattern'"; return; fi
  if [ "$(grep -c . <<<"$out")" -gt 2 ]; then fail "$name: expected a short error, got: $out"; fi
  echo "ok: $name (exit $rc): $out"
}

finish() { [ $FAILED -eq 0 ] && echo "all passed"; exit $FAILED; }

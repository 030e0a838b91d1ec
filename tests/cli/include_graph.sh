#!/usr/bin/env bash
# The include graph points one way: the stage folders (src/<stage>, include/wordvec/<stage>) form
# no cycle, public headers include only public headers, and the library includes nothing of tools/.
#   include_graph.sh WORDVEC_BINARY SOURCE_DIR   (the binary is not used)
set -euo pipefail
cd "$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
stages=$(ls src)

# Public headers: only "wordvec/..." includes.
if grep -rn '^#include "' include | grep -v '#include "wordvec/'; then fail "a public header includes a private one"; fi
# Library sources: every quoted include names a stage folder (tools/ headers have none).
if grep -rn '^#include "' src | grep -vE '#include "(wordvec/)?[a-z0-9_]+/[a-z0-9_]+\.hpp"'; then
  fail "the library includes a header outside the stage folders"
fi

# Folder-level edges "from to" (from includes to), one per pair.
edges=$(grep -rHo '^#include "[^"]*"' src include/wordvec |
  sed -nE 's#^(src|include/wordvec)/([a-z0-9_]+)/[^:]*:\#include "(wordvec/)?([a-z0-9_]+)/[^"]*"#\2 \4#p' |
  awk -v stages="$stages" 'BEGIN { n = split(stages, s, /[ \n]+/); for (i = 1; i <= n; ++i) ok[s[i]] = 1 }
                           $1 != $2 && ($1 in ok) && ($2 in ok)' | sort -u)
echo "stage includes stage:"
echo "$edges" | awk '{ to[$1] = to[$1] " " $2 } END { for (f in to) print "  " f ":" to[f] }' | sort
# tsort fails on a cycle and names the folders in it.
order=$(echo "$edges" | tsort 2>"${TMPDIR:-/tmp}/include_graph.$$") || { cat "${TMPDIR:-/tmp}/include_graph.$$" >&2; rm -f "${TMPDIR:-/tmp}/include_graph.$$"; fail "the stage folders include each other in a cycle"; }
rm -f "${TMPDIR:-/tmp}/include_graph.$$"
echo "an order (each stage before what it includes): $(echo $order)"

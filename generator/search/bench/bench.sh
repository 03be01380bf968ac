#!/usr/bin/env bash
# Benchmark of Qiao's search beside Pagefind on the same built site.
#
#   generator/search/bench/bench.sh [PAGES-PER-LANGUAGE] [WORK-DIR]
#
# Generates the corpus (generator/corpus) at PAGES-PER-LANGUAGE (default
# 10000) into WORK-DIR (default generator/search/bench/out), builds it with
# Qiao, indexes the same built HTML again with qiaoindex (the index alone,
# as Pagefind works) and with Pagefind (npm pagefind, installed here by
# npm ci), then runs the same queries against both (queries.mjs) and
# prints the two side by side. Needs Go, Node 20, npm and GNU time
# (/usr/bin/time). Not part of go test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
n="${1:-10000}"
work="$(mkdir -p "${2:-$here/out}" && cd "${2:-$here/out}" && pwd)"
cd "$root"

if [ ! -x "$here/node_modules/.bin/pagefind" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi

# Only the content pages, for both indexes.
globs=("courses/*/index.html" "cases/*/index.html" "policies/*/index.html" "speakers/*/index.html"
  "zh/courses/*/index.html" "zh/cases/*/index.html" "zh/policies/*/index.html" "zh/speakers/*/index.html")
pfglob="{courses,cases,policies,speakers,zh/courses,zh/cases,zh/policies,zh/speakers}/*/index.html"

echo "corpus: $n pages per language in $work/site" >&2
rm -rf "$work/site" "$work/public" "$work/qiaoindex"
go run ./generator/search/bench/corpusgen "$n" "$work/site"
go build -o "$work/qiao" ./generator
go build -o "$work/qiaoindex-bin" ./generator/search/bench/qiaoindex

measure() { # name command...: GNU time's wall seconds and peak RSS into $work/name.time
  local name="$1"; shift
  /usr/bin/time -f '{"wall": %e, "user": %U, "sys": %S, "rssKB": %M}' -o "$work/$name.time" "$@" >&2
}

echo "qiao build" >&2
measure build "$work/qiao" build --source "$work/site" --out "$work/public"
echo "qiao index alone" >&2
measure qiaoindex "$work/qiaoindex-bin" "$work/public" "$work/qiaoindex" "${globs[@]}"
echo "pagefind" >&2
measure pagefind "$here/node_modules/.bin/pagefind" --site "$work/public" --glob "$pfglob"

size() { find "$1" -type f -printf '%s\n' | awk '{s+=$1; n++} END {printf "{\"bytes\": %d, \"files\": %d}", s, n}'; }
cat > "$work/measure.json" <<JSON
{
 "pages": $n,
 "qiaoBuild": $(cat "$work/build.time"),
 "qiaoIndex": $(cat "$work/qiaoindex.time"),
 "pagefind": $(cat "$work/pagefind.time"),
 "qiaoFiles": $(size "$work/public/search"),
 "pagefindFiles": $(size "$work/public/pagefind")
}
JSON
node "$here/queries.mjs" "$work/public" --measure "$work/measure.json"

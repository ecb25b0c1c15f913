#!/usr/bin/env bash
# The site's build beside Hugo's on the same records: N generated
# agreements (agreements-synth), built by `agreements build --no-history`
# (every output: the pages in three languages, the data files, feeds and
# calendars) and by Debian's hugo from the equivalent project that
# scripts/hugo-project.mjs writes from the same records (the same pages,
# with the same fields, <head>, JSON-LD and citation, in three languages).
# Hugo's project publishes the tool's data files as static files, copied
# from a first build: both sites hold the same files. Alternates RUNS runs
# of each and prints medians, the ratio, and what each writes.
#
#   [BASE_URL=...] scripts/bench-site.sh [N] [RUNS]      (defaults: 10000 5)
#
# Needs hugo (apt-get install hugo) and node.
set -euo pipefail
n=${1:-10000}
runs=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/agreements" ./cmd/agreements &&
  go run ./cmd/agreements-synth -n "$n" -out "$work/corpus" -schema schema >/dev/null)
# Both sites are published where the registry is (publish.yml: a
# project's GitHub Pages address, under /<repository>/), or at BASE_URL.
# The address is in the <head>'s and the JSON-LD's absolute links, and in
# every link of Hugo's pages, which lead from the domain's root.
base=${BASE_URL:-https://lacnic.github.io/agreements/}
"$work/agreements" build --root "$work/corpus" --out "$work/dist0" --no-history --as-of 2026-11-30 --base-url "$base" >/dev/null
node "$repo/scripts/hugo-project.mjs" "$work/dist0/index.json" "$work/hugo" "$base" >/dev/null
# Everything but the pages and the records' JSON (which Hugo writes) is
# static for Hugo: the data files, feeds, calendars, citation files, assets.
mkdir -p "$work/hugo/static"
(cd "$work/dist0" && find . -type f ! -name '*.html' ! -regex '\./agreements/[^/]*\.json' -print0 | tar --null -T - -cf -) |
  tar -C "$work/hugo/static" -xf -

declare -A cmds=(
  [agreements]="rm -rf $work/dist && $work/agreements build --root $work/corpus --out $work/dist --no-history --as-of 2026-11-30 --base-url $base"
  [hugo]="rm -rf $work/public && hugo --quiet --source $work/hugo --destination $work/public"
)
order=(agreements hugo)
source "$repo/scripts/alternate.sh"
printf '%s agreements, %s runs each, %s cores (%s), %s\n\n' "$n" "$runs" "$(nproc)" "$(uname -m)" "$(hugo version | cut -d' ' -f2)"
alternate "$work" "$runs" builder
printf '\npages: agreements %s, hugo %s\n' "$(find "$work/dist" -name '*.html' | wc -l)" "$(find "$work/public" -name '*.html' | wc -l)"
# What each writes: the bytes of its files, as a download would count
# them (du's apparent size would add 4 KB for each of the 31,000 folders,
# which no reader downloads), the pages alone, and the median agreement page.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb() { find "$1" -type f -name "${2:-*}" -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}'; }
printf 'size: agreements %s MB, of which pages %s MB (median agreement page %s bytes); hugo %s MB, of which pages %s MB (median agreement page %s bytes)\n' \
  "$(mb "$work/dist")" "$(mb "$work/dist" '*.html')" "$(find "$work/dist/agreements" -name index.html -printf '%s\n' | median)" \
  "$(mb "$work/public")" "$(mb "$work/public" '*.html')" "$(find "$work/public/agreements" -name index.html -printf '%s\n' | median)"

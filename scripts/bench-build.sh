#!/usr/bin/env bash
# `agreements build` beside `agreements validate` on the same generated
# registry: N agreements (and the organisations they name) written as a git
# history of COMMITS commits by agreements-synth, in a temporary folder.
# Runs each command RUNS times in alternation and prints the median wall
# time, the median peak memory and the ratio to validate.
#
#   scripts/bench-build.sh [N] [RUNS] [COMMITS]      (defaults: 10000 7 6000; the README uses 9 runs)
#
# "build, history" reads created and updated dates from git; its first run
# fills the walk's cache in .git/agreements (done once before timing, as on
# any machine that built before), so the runs measure a warm cache.
set -euo pipefail
n=${1:-10000}
runs=${2:-7}
commits=${3:-6000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/agreements" ./cmd/agreements &&
  go run ./cmd/agreements-synth -n "$n" -out "$work/corpus" -schema schema -commits "$commits" >/dev/null)
bin="$work/agreements"
root="$work/corpus"
"$bin" build --root "$root" --out "$work/warm" >/dev/null

declare -A cmds=(
  [validate]="$bin validate --root $root"
  [build-no-history]="$bin build --no-history --root $root --out $work/dist1"
  [build-history]="$bin build --root $root --out $work/dist2"
)
order=(validate build-no-history build-history)
for c in "${order[@]}"; do : >"$work/$c.times"; done
for ((i = 0; i < runs; i++)); do
  for c in "${order[@]}"; do
    if ! /usr/bin/time -f "%e %M" -o "$work/t" bash -c "${cmds[$c]} >$work/$c.out 2>&1"; then
      echo "$c failed:" >&2
      tail -5 "$work/$c.out" >&2
      exit 1
    fi
    cat "$work/t" >>"$work/$c.times"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
base=$(cut -d' ' -f1 "$work/validate.times" | median)
printf '%s agreements, %s commits, %s runs each, %s cores (%s)\n\n' "$n" "$commits" "$runs" "$(nproc)" "$(uname -m)"
printf '| command | median s | median peak MiB | time / validate |\n|---|---|---|---|\n'
for c in "${order[@]}"; do
  t=$(cut -d' ' -f1 "$work/$c.times" | median)
  m=$(cut -d' ' -f2 "$work/$c.times" | median)
  awk -v c="$c" -v t="$t" -v m="$m" -v b="$base" 'BEGIN { printf "| %s | %s | %.0f | %.2f |\n", c, t, m / 1024, t / b }'
done

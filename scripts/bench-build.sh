#!/usr/bin/env bash
# `agreements build` beside `agreements validate` on the same generated
# registry: N agreements (and the organisations they name) written as a git
# history of COMMITS commits by agreements-synth, in a temporary folder.
# Runs each command RUNS times in alternation and prints the median wall
# time, the median peak memory and the ratio to validate.
#
#   scripts/bench-build.sh [N] [RUNS] [COMMITS]      (defaults: 10000 7 6000; the README uses 9 runs)
#
# "build, history" reads created and updated dates from git, walking the
# whole first-parent history each run.
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

declare -A cmds=(
  [validate]="$bin validate --root $root"
  [build-no-history]="$bin build --no-history --root $root --out $work/dist1"
  [build-history]="$bin build --root $root --out $work/dist2"
)
order=(validate build-no-history build-history)
source "$repo/scripts/alternate.sh"
printf '%s agreements, %s commits, %s runs each, %s cores (%s)\n\n' "$n" "$commits" "$runs" "$(nproc)" "$(uname -m)"
alternate "$work" "$runs" command

#!/usr/bin/env bash
# Pull-request mode beside a full `agreements validate` of the same tree, as
# the judge runs them, on a registry of N generated agreements (shaped like
# a real one: see internal/synth) in a packed git repository, for four
# changes, each a branch off main:
#   status    one agreement's status changed
#   added     100 agreements added
#   renamed   the file of the partner most agreements name renamed (its
#             agreements then name a missing id: validate exits 1)
#   relation  one relation added to one agreement
# PR mode runs on the repository, whose working tree is main (the judge's
# base checkout); the full check runs on a checkout of the change. Each
# pair runs RUNS times in alternation; the table gives median wall time,
# median peak memory and PR / full.
#
#   scripts/bench-pr.sh [N] [RUNS]      (defaults: 10000 5)
set -euo pipefail
n=${1:-10000}
runs=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/agreements" ./cmd/agreements &&
  go run ./cmd/agreements-synth -n "$((n + 100))" -out "$work/gen" -schema schema >/dev/null)
bin="$work/agreements"
r="$work/repo"
mkdir -p "$r/records/agreements" "$r/records/organizations"
cp -r "$work/gen/schema" "$r/"
cp "$work/gen/records/organizations/"*.yaml "$r/records/organizations/"
for ((i = 0; i < n; i++)); do cp "$work/gen/records/agreements/synthetic-agreement-$i.yaml" "$r/records/agreements/"; done
g() { git -C "$r" -c user.name=bench -c user.email=bench@example.org -c gc.auto=0 "$@"; }
g init -q -b main
g add -A && g commit -q -m base
g checkout -q -b status main
sed -i 's/^status: expired$/status: terminated/' "$r/records/agreements/synthetic-agreement-77.yaml"
g commit -q -am status
g checkout -q -b added main
for ((i = n; i < n + 100; i++)); do cp "$work/gen/records/agreements/synthetic-agreement-$i.yaml" "$r/records/agreements/"; done
g add -A && g commit -q -m added
g checkout -q -b renamed main
g mv records/organizations/org-1.yaml records/organizations/org-1-renamed.yaml
sed -i 's/^id: org-1$/id: org-1-renamed/' "$r/records/organizations/org-1-renamed.yaml"
g commit -q -am renamed
g checkout -q -b relation main
sed -i 's/^status: expired$/status: expired\nrelations:\n  - type: amends\n    agreement: synthetic-agreement-4000/' "$r/records/agreements/synthetic-agreement-$((n / 2)).yaml"
g commit -q -am relation
g checkout -q main
g gc -q
for c in status added renamed relation; do g worktree add -q "$work/$c" "$c"; done

source "$repo/scripts/alternate.sh"
printf '%s agreements, %s runs each, %s cores (%s)\n\n' "$n" "$runs" "$(nproc)" "$(uname -m)"
for c in status added renamed relation; do
  # Exit 1 (records with errors) is a result here, not a failure.
  declare -A cmds=(
    [full]="( $bin validate --root $work/$c; test \$? -le 1 )"
    [pr]="( $bin validate --root $r --base main --head $c --format github; test \$? -le 1 )"
  )
  order=(full pr)
  alternate "$work" "$runs" "$c"
  echo
done

#!/usr/bin/env bash
# `agreements history` beside git's own answer to the same question, `git log --first-parent --name-only`, on a
# registry of N generated agreements (and their organisations) written by
# agreements-synth as a packed history of COMMITS commits with merges.
# Each runs RUNS times in alternation; the table gives median wall time,
# median peak memory and the ratio to git.
#
#   scripts/bench-history.sh [N] [COMMITS] [RUNS]      (defaults: 2000 5000 5, the
#   top of a registry's realistic range)
set -euo pipefail
n=${1:-2000}
commits=${2:-5000}
runs=${3:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/agreements" ./cmd/agreements &&
  go run ./cmd/agreements-synth -n "$n" -out "$work/corpus" -schema schema -commits "$commits" >/dev/null)
root="$work/corpus"
declare -A cmds=(
  [git-log]="git -C $root log --first-parent --name-only --format='%H %ct' -- records"
  [history]="$work/agreements history --root $root"
)
order=(git-log history)
source "$repo/scripts/alternate.sh"
printf '%s agreements, %s commits (%s on the first-parent line), %s runs each, %s cores (%s)\n\n' \
  "$n" "$commits" "$(git -C "$root" rev-list --first-parent --count HEAD)" "$runs" "$(nproc)" "$(uname -m)"
alternate "$work" "$runs" command

# The same answer: created, updated and commit counts of every record.
"$work/agreements" history --root "$root" --format json >"$work/ours.json"
git -C "$root" log --first-parent --name-only --format='commit %H' -- records >"$work/git.txt"
python3 - "$work/ours.json" "$work/git.txt" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
touches, commit = {}, None
for line in open(sys.argv[2]):
    line = line.strip()
    if line.startswith("commit "):
        commit = line[7:]
    elif line:
        touches.setdefault(line, []).append(commit)
bad = 0
for r in ours:
    t = touches.get(r["path"], [])
    if not t or r["commits"] != len(t) or r["created"]["commit"] != t[-1] or r["updated"]["commit"] != t[0]:
        bad += 1
missing = len(set(touches) - {r["path"] for r in ours})
print(f"\nchecked against git log: {len(ours)} records, {bad} differ, {missing} missing")
sys.exit(1 if bad or missing else 0)
PY

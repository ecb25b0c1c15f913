#!/usr/bin/env bash
# Side-by-side: `agreements validate` against @sourcemeta/jsonschema 16.11
# and ajv-cli 5 on the same generated registry and the same agreement
# schema. Installs the peers from npm into a temporary folder (nothing is
# added to the repository), generates N agreements with agreements-synth,
# runs each tool RUNS times in alternation, and prints the median wall time,
# the median peak memory and the ratio to ours.
#
#   scripts/compare-validators.sh [N] [RUNS]      (defaults: 10000 5)
#
# The peers check only agreements against the schema; agreements validate
# also checks the organisations and the rules across records, so the
# comparison favours the peers.
set -euo pipefail
n=${1:-10000}
runs=${2:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "installing the peers into $work ..." >&2
(cd "$work" && npm install --silent --no-audit --no-fund ajv-cli@5 @sourcemeta/jsonschema@16.11 >/dev/null)
(cd "$repo" && go build -o "$work/agreements" ./cmd/agreements && go run ./cmd/agreements-synth -n "$n" -out "$work/corpus" -schema schema)
schema="$repo/schema/agreement.schema.json"

declare -A cmds=(
  [agreements]="$work/agreements validate --root $work/corpus"
  [sourcemeta]="$work/node_modules/.bin/jsonschema validate $schema $work/corpus/records/agreements --extension .yaml"
  [ajv]="$work/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -s $schema -d '$work/corpus/records/agreements/*.yaml'"
)
order=(agreements sourcemeta ajv)
for tool in "${order[@]}"; do : >"$work/$tool.times"; done
for ((i = 0; i < runs; i++)); do
  for tool in "${order[@]}"; do
    # Every file is valid: a tool that fails has not done the work, and its
    # time would mean nothing.
    if ! /usr/bin/time -f "%e %M" -o "$work/t" bash -c "${cmds[$tool]} >$work/$tool.out 2>&1"; then
      echo "$tool failed:" >&2
      tail -5 "$work/$tool.out" >&2
      exit 1
    fi
    cat "$work/t" >>"$work/$tool.times"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ours=$(cut -d' ' -f1 "$work/agreements.times" | median)
printf '%s agreements, %s runs each, %s cores (%s)\n\n' "$n" "$runs" "$(nproc)" "$(uname -m)"
printf '| tool | median s | median peak MiB | time / agreements |\n|---|---|---|---|\n'
for tool in "${order[@]}"; do
  t=$(cut -d' ' -f1 "$work/$tool.times" | median)
  m=$(cut -d' ' -f2 "$work/$tool.times" | median)
  awk -v tool="$tool" -v t="$t" -v m="$m" -v o="$ours" 'BEGIN { printf "| %s | %s | %.0f | %.2f |\n", tool, t, m / 1024, t / o }'
done

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
source "$repo/scripts/alternate.sh"
printf '%s agreements, %s runs each, %s cores (%s)\n\n' "$n" "$runs" "$(nproc)" "$(uname -m)"
alternate "$work" "$runs" tool

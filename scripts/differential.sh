#!/usr/bin/env bash
# Differential check: mutated agreements through `agreements validate` and
# through a YAML 1.2 reader (npm's yaml 2, core schema, unique keys) with
# ajv 8 (draft 2020-12, ajv-formats, partial-date as the schema says).
# Installs those from npm into a temporary folder (nothing is added to the
# repository), writes N mutants of the shipped agreements (seeded, so a run
# is repeatable), validates them all, and prints how the two sides agree.
#
#   scripts/differential.sh [N] [SEED]      (defaults: 3000 1)
#
# It exits 1 when a mutant passes here but the peer rejects it: a record
# this tool would accept while another reader sees something else. The
# other way round (refused here, accepted by the peer) is expected where
# this tool is stricter than the schema (anchors, tags, numbers beyond
# 2^53, control characters...); those are counted by rule.
set -euo pipefail
n=${1:-3000}
seed=${2:-1}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "installing ajv, ajv-formats and yaml into $work ..." >&2
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund ajv@8 ajv-formats@3 yaml@2 >/dev/null)
(cd "$repo" && go build -o "$work/agreements" ./cmd/agreements)
mkdir -p "$work/corpus/records/agreements"
cp -r "$repo/records/organizations" "$work/corpus/records/"
cp -r "$repo/schema" "$work/corpus/"
cp "$repo/scripts/differential.mjs" "$work/"
node "$work/differential.mjs" mutate "$repo/records/agreements" "$work/corpus/records/agreements" "$n" "$seed"
# Exit 1 is expected (the mutants have errors); 2 is a failure of the tool.
set +e
"$work/agreements" validate --root "$work/corpus" --format json >"$work/ours.json"
code=$?
set -e
if [ "$code" -gt 1 ]; then
  echo "agreements validate failed (exit $code)" >&2
  exit 1
fi
node "$work/differential.mjs" compare "$work/corpus" "$work/ours.json"

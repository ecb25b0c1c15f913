#!/usr/bin/env bash
# The script part of .github/workflows/propose.yml: turns an accepted
# proposal issue's body into records, or into a comment saying what to fix.
#
#   scripts/propose.sh ISSUE BODY_FILE OUT_DIR
#
# Run in the registry's repository, on the default branch. Runs
# `agreements from-issue` ($AGREEMENTS, default: agreements on the PATH) on
# BODY_FILE and writes into OUT_DIR:
#   status      "written" or "problems"
#   branch      proposal/ISSUE-ID                 (written)
#   title       the pull request's title          (written)
#   pr-body.md  the pull request's text, closing the issue (written)
#   comment.md  the problems, in Spanish then English (problems)
# The records are left in the working tree, uncommitted. Exit 0 in both
# cases; 2 when the tool cannot run (no form, an unreadable body).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: scripts/propose.sh ISSUE BODY_FILE OUT_DIR" >&2
  exit 2
fi
issue=$1 body=$2 out=$3
case "$issue" in '' | *[!0-9]*)
  echo "ISSUE must be a number, not $issue" >&2
  exit 2
  ;;
esac
agreements=${AGREEMENTS:-agreements}
mkdir -p "$out"
rm -f "$out/status" "$out/branch" "$out/title" "$out/pr-body.md" "$out/comment.md"

code=0
"$agreements" from-issue --body "$body" --lang es >"$out/es.txt" 2>"$out/es.err" || code=$?
case $code in
0)
  file=$(git status --porcelain --untracked-files=all -- records/agreements | sed -n 's/^?? //p' | head -n 1)
  id=$(basename "$file" .yaml)
  case "$id" in '' | *[!a-z0-9-]*)
    echo "from-issue wrote no agreement record git can see" >&2
    exit 2
    ;;
  esac
  echo written >"$out/status"
  echo "proposal/$issue-$id" >"$out/branch"
  echo "Propuesta / Proposal: $id (#$issue)" >"$out/title"
  {
    echo "Registro propuesto en el issue #$issue, escrito por \`agreements from-issue\` a partir de sus respuestas."
    echo "Record proposed in issue #$issue, written by \`agreements from-issue\` from its answers."
    echo
    echo '```'
    cat "$out/es.txt"
    echo '```'
    echo
    echo "Revise lo escrito contra las fuentes antes de aprobar. / Check it against the sources before approving."
    echo
    echo "Closes #$issue"
  } >"$out/pr-body.md"
  ;;
1)
  "$agreements" from-issue --body "$body" --lang en >"$out/en.txt" 2>>"$out/es.err" || true
  echo problems >"$out/status"
  {
    echo "Las respuestas aún no forman un registro válido; no se abrió ningún pull request. Edite el issue y corrija:"
    echo
    echo '```'
    cat "$out/es.txt"
    echo '```'
    echo
    echo "The answers do not make a valid record yet; no pull request was opened. Edit the issue and fix:"
    echo
    echo '```'
    cat "$out/en.txt"
    echo '```'
    echo
    echo "Luego quite y vuelva a poner la etiqueta \`accepted\`. / Then remove and add the \`accepted\` label again."
  } >"$out/comment.md"
  ;;
*)
  cat "$out/es.err" >&2
  exit 2
  ;;
esac

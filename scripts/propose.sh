#!/usr/bin/env bash
# The script part of .github/workflows/propose.yml: an accepted proposal
# issue becomes one pull request, and every outcome is answered on the
# issue, in Spanish then English. Run in the registry's repository, checked
# out at the default branch, with `agreements` built from it ($AGREEMENTS,
# default: agreements on the PATH) and `gh` on the PATH.
#
#   scripts/propose.sh accept   ISSUE BODY_FILE OUT_DIR   (token: comments)
#   scripts/propose.sh withdraw ISSUE                     (token: comments)
#   scripts/propose.sh edited   ISSUE BODY_FILE           (token: comments)
#   scripts/propose.sh records  ISSUE BODY_FILE OUT_DIR   (no token)
#   scripts/propose.sh answer   ISSUE OUT_DIR             (token: comments)
#   scripts/propose.sh publish  ISSUE OUT_DIR             (token: push, pull requests, statuses)
#
# accept records, in a comment, the SHA-256 of the body a maintainer
# accepted (a marker line only this workflow's comments are read for); when
# an earlier acceptance still stands for another body, it says so and
# writes OUT_DIR/decision "stop", else "proceed". withdraw (the label
# removed) ends the acceptance; edited says so when an accepted body
# changes. records runs `agreements from-issue` and writes OUT_DIR/status:
#   written    the records are in the working tree; branch, title, pr-body.md
#   problems   the answers do not make a valid record; comment.md
#   unusable   the body cannot be read (no form, too large); comment.md
#   merged     the issue's records are already on the default branch; comment.md
# answer posts comment.md. publish commits the records on
# proposal/ISSUE-ID, force-pushes it, opens the pull request or updates
# the open one of this issue (closing one whose id has changed), runs the
# judge's checks on it with this tool and reports them as the commit status
# $JUDGE_CONTEXT (default "records"), and says on the issue what it did.
#
# Environment: GH_REPO (owner/name), DEFAULT_BRANCH (default main),
# SITE_URL (the published site, for links; optional), RUN_URL (this run's
# page, for links; optional), JUDGE_CONTEXT.
set -euo pipefail

usage() {
  echo "usage: scripts/propose.sh accept|withdraw|edited|records|answer|publish ISSUE [BODY_FILE] [OUT_DIR]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
cmd=$1 issue=$2
case "$issue" in '' | *[!0-9]*)
  echo "ISSUE must be a number, not $issue" >&2
  exit 2
  ;;
esac
agreements=${AGREEMENTS:-agreements}
default_branch=${DEFAULT_BRANCH:-main}
judge_context=${JUDGE_CONTEXT:-records}
marker='<!-- agreements-proposal:'

# comment ISSUE_OR_PR FILE: posts a comment.
comment() { gh issue comment "$1" --body-file "$2" >/dev/null; }

# acceptance prints the last acceptance marker this workflow wrote on the
# issue: "accepted HASH", "withdrawn -", or nothing.
acceptance() {
  gh issue view "$issue" --json comments \
    --jq '.comments[] | select(.author.login == "github-actions") | .body' |
    sed -n "s/^$marker \([a-z]*\) \([0-9a-f-]*\) -->\$/\1 \2/p" | tail -n 1
}

body_hash() { sha256sum "$1" | cut -c1-64; }

say() { # say FILE ES EN: a two-language message
  printf '%s\n\n%s\n' "$2" "$3" >"$1"
}

case "$cmd" in
accept)
  [ $# -eq 4 ] || usage
  body=$3 out=$4
  mkdir -p "$out"
  hash=$(body_hash "$body")
  last=$(acceptance)
  case "$last" in
  "accepted $hash")
    echo proceed >"$out/decision"
    ;;
  accepted\ *)
    say "$out/edited.md" \
      "El texto del issue cambió después de ser aceptado, así que no se hizo nada: quite y vuelva a poner la etiqueta \`accepted\` para aceptar el texto actual." \
      "The issue's text changed after it was accepted, so nothing was done: remove and add the \`accepted\` label again to accept the text as it is now."
    comment "$issue" "$out/edited.md"
    echo stop >"$out/decision"
    ;;
  *)
    {
      echo "Propuesta aceptada; se escriben los registros a partir de este texto del issue. / Proposal accepted; the records are written from this text of the issue."
      echo
      echo "$marker accepted $hash -->"
    } >"$out/accepted.md"
    comment "$issue" "$out/accepted.md"
    echo proceed >"$out/decision"
    ;;
  esac
  ;;
withdraw)
  [ $# -eq 2 ] || usage
  tmp=$(mktemp)
  {
    echo "Aceptación retirada: la etiqueta \`accepted\` se quitó. / Acceptance withdrawn: the \`accepted\` label was removed."
    echo
    echo "$marker withdrawn - -->"
  } >"$tmp"
  comment "$issue" "$tmp"
  rm -f "$tmp"
  ;;
edited)
  [ $# -eq 3 ] || usage
  last=$(acceptance)
  case "$last" in
  accepted\ *)
    if [ "$last" != "accepted $(body_hash "$3")" ]; then
      tmp=$(mktemp)
      say "$tmp" \
        "Este texto cambió después de ser aceptado: la propuesta sigue basada en el texto aceptado. Para usar el nuevo, quite y vuelva a poner la etiqueta \`accepted\`." \
        "This text changed after it was accepted: the proposal still rests on the accepted text. To use the new one, remove and add the \`accepted\` label again."
      comment "$issue" "$tmp"
      rm -f "$tmp"
    fi
    ;;
  esac
  ;;
records)
  [ $# -eq 4 ] || usage
  body=$3 out=$4
  mkdir -p "$out"
  rm -f "$out/status" "$out/branch" "$out/title" "$out/pr-body.md" "$out/comment.md" "$out/id"
  # Already merged: a commit of the default branch whose subject names
  # this issue's proposal, and its record still there.
  merged=$(git log --format=%s HEAD | sed -n "s|^Propuesta / Proposal: \([a-z0-9-]*\) (#$issue).*|\1|p" | head -n 1)
  if [ -n "$merged" ] && [ -f "records/agreements/$merged.yaml" ]; then
    page="records/agreements/$merged.yaml"
    if [ -n "${SITE_URL:-}" ]; then page="${SITE_URL%/}/agreements/$merged/"; fi
    echo merged >"$out/status"
    say "$out/comment.md" \
      "Los registros de este issue ya están en la rama principal: \`records/agreements/$merged.yaml\` ($page). No se hizo nada." \
      "This issue's records are already on the default branch: \`records/agreements/$merged.yaml\` ($page). Nothing was done."
    exit 0
  fi
  code=0
  "$agreements" from-issue --body "$body" --format markdown ${SITE_URL:+--site-url "$SITE_URL"} >"$out/outcome.md" 2>"$out/error.txt" || code=$?
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
    echo "$id" >"$out/id"
    echo "proposal/$issue-$id" >"$out/branch"
    echo "Propuesta / Proposal: $id (#$issue)" >"$out/title"
    {
      echo "Registro propuesto en el issue #$issue, escrito por \`agreements from-issue\` a partir de sus respuestas. / Record proposed in issue #$issue, written by \`agreements from-issue\` from its answers."
      echo
      cat "$out/outcome.md"
      echo
      echo "Revise lo escrito contra las fuentes antes de aprobar. / Check it against the sources before approving."
      echo
      echo "Closes #$issue"
    } >"$out/pr-body.md"
    ;;
  1)
    echo problems >"$out/status"
    {
      cat "$out/outcome.md"
      echo
      echo "Luego quite y vuelva a poner la etiqueta \`accepted\`. / Then remove and add the \`accepted\` label again."
    } >"$out/comment.md"
    ;;
  2)
    echo unusable >"$out/status"
    {
      echo "No se pudo leer el texto del issue como el formulario «Proponer un acuerdo»; no se hizo nada. ¿Se abrió el issue con el formulario? / The issue's text could not be read as the form \"Proponer un acuerdo\"; nothing was done. Was the issue opened with the form?"
      echo
      echo '```'
      head -c 2000 "$out/error.txt" | tr -d '`'
      echo
      echo '```'
    } >"$out/comment.md"
    ;;
  *)
    cat "$out/error.txt" >&2
    exit "$code"
    ;;
  esac
  ;;
answer)
  [ $# -eq 3 ] || usage
  comment "$issue" "$3/comment.md"
  ;;
publish)
  [ $# -eq 3 ] || usage
  out=$3
  [ "$(cat "$out/status")" = written ] || exit 0
  branch=$(cat "$out/branch") title=$(cat "$out/title")
  base=$(git rev-parse HEAD)
  git switch -q -C "$branch"
  git add records
  git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
    commit -q -m "$title" -m "Closes #$issue"
  head=$(git rev-parse HEAD)
  if ! git push -q --force origin "HEAD:refs/heads/$branch" 2>"$out/push.txt"; then
    say "$out/push-refused.md" \
      "Los registros están listos, pero el envío de la rama \`$branch\` fue rechazado; un mantenedor debe revisarlo${RUN_URL:+ ($RUN_URL)}." \
      "The records are ready, but pushing the branch \`$branch\` was refused; a maintainer needs to look${RUN_URL:+ ($RUN_URL)}."
    comment "$issue" "$out/push-refused.md"
    cat "$out/push.txt" >&2
    exit 1
  fi
  # This issue's open pull requests: one per issue.
  same="" others=""
  while read -r number ref; do
    case "$ref" in
    "$branch") same=$number ;;
    "proposal/$issue-"*) others="$others $number" ;;
    esac
  done < <(gh pr list --state open --limit 500 --json number,headRefName --jq '.[] | "\(.number) \(.headRefName)"')
  if [ -n "$same" ]; then
    gh pr edit "$same" --title "$title" --body-file "$out/pr-body.md" >/dev/null
    say "$out/updated.md" \
      "Actualizado a partir del texto del issue #$issue tal como se aceptó." \
      "Updated from the text of issue #$issue as accepted."
    gh pr comment "$same" --body-file "$out/updated.md" >/dev/null
    number=$same action=actualizado action_en=updated
  else
    url=$(gh pr create --base "$default_branch" --head "$branch" --title "$title" --body-file "$out/pr-body.md")
    number=${url##*/} action=abierto action_en=opened
  fi
  for old in $others; do
    gh pr close "$old" --delete-branch --comment "Reemplazado por #$number (el id cambió). / Replaced by #$number (the id changed)." >/dev/null
  done
  # The judge's checks, with this tool (the default branch's), on the
  # branch this job wrote: GitHub starts no workflow for a pull request
  # its own token opened, so the judge would otherwise wait for a person.
  state=success description="validate and fmt --check pass"
  if ! "$agreements" validate --base "$base" --head "$head" >"$out/judge.txt" 2>&1; then
    state=failure description="validate found problems"
  elif ! "$agreements" fmt --check --head "$head" >>"$out/judge.txt" 2>&1; then
    state=failure description="fmt --check: not in canonical form"
  fi
  gh api "repos/$GH_REPO/statuses/$head" -f state="$state" -f context="$judge_context" \
    -f description="$description" ${RUN_URL:+-f target_url="$RUN_URL"} >/dev/null
  say "$out/done.md" \
    "Pull request #$number $action a partir de este issue; verificación: $state." \
    "Pull request #$number $action_en from this issue; checks: $state."
  comment "$issue" "$out/done.md"
  ;;
*)
  usage
  ;;
esac

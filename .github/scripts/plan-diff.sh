#!/usr/bin/env bash
# plan-diff.sh: the PR preview's offline plan diff. Plans every stack file of the pull request
# (./head) against the base branch (./base) with `go run ./cmd/plan --diff` and writes the
# Markdown comment to $GITHUB_WORKSPACE/plan-diff/body.md (with pr-number and head-sha beside it).
#
# cmd/plan exits 3 when the plan it wrote has a mandatory policy violation: that plan (the
# base's --json, the head's --diff) is complete and is used, so the comment always carries the
# diff with the violations in it, and a violation already on the base branch does not turn the
# comparison into "everything is new". The script still exits 1 afterwards when the head has
# a mandatory violation or a plan could not be made, so the check stays red.
set -euo pipefail

: "${BASE_REF:?}" "${BASE_SHA:?}" "${HEAD_SHA:?}" "${PR_NUMBER:?}"
out="${GITHUB_WORKSPACE:-$PWD}/plan-diff"
plans="${RUNNER_TEMP:-$(mktemp -d)}/base-plans"
exit_policy=3
mkdir -p "$out" "$plans"
echo "$PR_NUMBER" > "$out/pr-number"
echo "$HEAD_SHA" > "$out/head-sha"
body="$out/body.md"
{
  echo "## Offline plan diff"
  echo
  echo "Every stack file planned offline (stand-in values, no cloud) at ${HEAD_SHA:0:12}, compared with \`$BASE_REF\` at ${BASE_SHA:0:12}."
  echo
} > "$body"

empty_plan() {
  printf '{"project":"pinterest-pipeline","stack":"%s","resources":[],"outputs":{}}\n' "$1" > "$2"
}

status=0
for file in head/Pulumi.*.yaml; do
  stack=${file#head/Pulumi.}
  stack=${stack%.yaml}
  old="$plans/$stack.json"
  label="\`$BASE_REF\`"
  if [ ! -f "base/Pulumi.$stack.yaml" ]; then
    label="an empty plan (the stack is new)"
    empty_plan "$stack" "$old"
  else
    code=0
    (cd base && go run ./cmd/plan --stack "$stack" --json) > "$old" 2> "$plans/$stack.err" || code=$?
    if [ "$code" -eq "$exit_policy" ]; then
      label="\`$BASE_REF\` (which already violates a mandatory policy)"
    elif [ "$code" -ne 0 ]; then
      label="an empty plan (the base branch's plan of $stack failed)"
      empty_plan "$stack" "$old"
    fi
  fi
  code=0
  (cd head && go run ./cmd/plan --stack "$stack" --diff "$old" --diff-label "$label") > "$plans/$stack.md" 2> "$plans/$stack.head.err" || code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne "$exit_policy" ]; then
    status=1
    {
      echo "### Offline plan of $stack failed"
      echo
      echo '```'
      head -c 4000 "$plans/$stack.head.err"
      echo '```'
      echo
    } >> "$body"
    continue
  fi
  if [ "$code" -eq "$exit_policy" ]; then
    status=1
    {
      echo "> [!CAUTION]"
      echo "> **$stack violates a mandatory policy**: \`pulumi up --policy-pack policies\` would refuse it. See Policies below."
      echo
    } >> "$body"
  fi
  cat "$plans/$stack.md" >> "$body"
done
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$body" >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"

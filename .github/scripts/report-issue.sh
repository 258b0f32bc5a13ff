#!/usr/bin/env bash
# report-issue.sh STACK REPORT_MD: opens, or comments on, the one open issue titled
# "Teardown failed: STACK is still billing", with the report and a link to the run (RUN_URL),
# so a failed scheduled teardown is seen by the repository's watchers and not only by whoever
# last edited the cron line. Needs gh with GH_TOKEN (issues: write).
set -euo pipefail

stack=${1:?usage: report-issue.sh STACK REPORT_MD}
report=${2:?usage: report-issue.sh STACK REPORT_MD}
title="Teardown failed: $stack is still billing"
body=$(mktemp)
{
  echo "The teardown of \`$stack\` failed${RUN_URL:+ in $RUN_URL}."
  echo
  if [ -s "$report" ]; then
    cat "$report"
  else
    echo "No list of what is left: the AWS query did not run or failed; check by hand (docs/operations.md: Teardown, and what to check afterwards)."
  fi
  echo
  echo "Fix the cause, then run Teardown for \`$stack\` again (Actions → Teardown → Run workflow)."
} > "$body"

number=$(gh issue list --state open --search "\"$title\" in:title" --json number,title \
  --jq "map(select(.title == \"$title\")) | .[0].number // \"\"")
if [ -n "$number" ]; then
  gh issue comment "$number" --body-file "$body"
  echo "commented on issue #$number"
else
  gh issue create --title "$title" --body-file "$body"
fi

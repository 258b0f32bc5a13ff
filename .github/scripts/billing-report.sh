#!/usr/bin/env bash
# billing-report.sh STACK REPORT_MD: lists, through the AWS Resource Groups Tagging API, every
# resource still tagged project=pinterest-pipeline and stack=STACK (the tags the program puts
# on everything it creates), writes them as Markdown to REPORT_MD and `left=<count>` to
# $GITHUB_OUTPUT. Fails when AWS cannot be asked: an unknown answer is not "nothing left".
# The tag index can lag a deletion by minutes, so a clean destroy that still lists resources
# is a warning, not a failure.
set -euo pipefail

stack=${1:?usage: billing-report.sh STACK REPORT_MD}
report=${2:?usage: billing-report.sh STACK REPORT_MD}
out=${GITHUB_OUTPUT:-/dev/null}

if ! arns=$(aws resourcegroupstaggingapi get-resources \
  --tag-filters Key=project,Values=pinterest-pipeline "Key=stack,Values=$stack" \
  --query 'ResourceTagMappingList[].ResourceARN' --output json); then
  echo "::error::could not list the resources tagged stack=$stack; check them by hand (docs/operations.md: Teardown, and what to check afterwards)"
  exit 1
fi
count=$(jq 'length' <<<"$arns")
{
  echo "### Resources still tagged stack=$stack: $count"
  echo
  if [ "$count" -eq 0 ]; then
    echo "None (the tag index can lag a deletion by a few minutes)."
  else
    echo "These bill until they are deleted:"
    echo
    jq -r '.[] | "- `" + . + "`"' <<<"$arns"
  fi
} > "$report"
echo "left=$count" >> "$out"
if [ "$count" -gt 0 ]; then
  echo "::warning::$count resources tagged stack=$stack remain"
fi
cat "$report"

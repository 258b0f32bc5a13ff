#!/usr/bin/env bash
# refuse-expired.sh STACK PLAN_JSON: exits 1, with the fix, when the stack's identity.expiresAt
# has passed, so a push to main never re-creates a stack the scheduled teardown destroys (the
# two would fight every day). The date is read from the offline plan's outputs (go run
# ./cmd/plan --json), which the program computes from the very config `pulumi up` reads.
# TODAY (YYYY-MM-DD, default the UTC date) is for tests.
set -euo pipefail

stack=${1:?usage: refuse-expired.sh STACK PLAN_JSON}
plan=${2:?usage: refuse-expired.sh STACK PLAN_JSON}
today=${TODAY:-$(date -u +%F)}

environment=$(jq -r '.outputs.environment // ""' "$plan")
expires=$(jq -r '.outputs.expiresAt // ""' "$plan")

if [ "$stack" = prod ] || [ "$environment" = prod ]; then
  echo "$stack: a prod stack, never expires"
  exit 0
fi
if ! [[ "$expires" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "::error::$stack has no identity.expiresAt (YYYY-MM-DD); set it with \`pulumi config set --path identity.expiresAt YYYY-MM-DD --stack $stack\`, commit and merge"
  exit 1
fi
# The teardown destroys a stack the day after its date, so the date itself still deploys.
if [[ "$expires" < "$today" ]]; then
  echo "::error::$stack expired on $expires, so the scheduled teardown destroys it and this deploy refuses to re-create it. To keep it, raise the date: \`pulumi config set --path identity.expiresAt YYYY-MM-DD --stack $stack\` (within identity.ttl), commit and merge."
  exit 1
fi
echo "$stack: expires on $expires"

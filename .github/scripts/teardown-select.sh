#!/usr/bin/env bash
# teardown-select.sh: chooses the stacks the Teardown workflow destroys and writes them to
# $GITHUB_OUTPUT as stacks=<JSON list of {stack, name, environment}>.
#
# The stacks come from the Pulumi backend (`pulumi stack ls --json`), not from the committed
# stack files, so a stack a learner created locally is seen too. Each deployed stack's expiry
# date and environment come from its outputs (expiresAt, environment: the program exports
# identity.expiresAt and identity.environment), falling back to a committed Pulumi.<stack>.yaml.
#
# - workflow_dispatch: INPUT_STACK, typed twice (INPUT_CONFIRM), must be in the backend.
# - schedule: every non-prod stack whose expiry date has passed.
# Any listing or reading failure fails the run (after writing what could be selected), so a
# bad token never reads as "nothing deployed". TODAY (YYYY-MM-DD) is for tests.
set -euo pipefail

today=${TODAY:-$(date -u +%F)}
out=${GITHUB_OUTPUT:-/dev/stdout}
status=0

# shellcheck source=.github/scripts/backend-stacks.sh
. "$(dirname "$0")/backend-stacks.sh"
if ! list=$(list_stacks); then
  echo "$list"
  exit 1
fi

selected='[]'
add() { # add NAME ENVIRONMENT
  selected=$(jq -c --arg name "$1" --arg env "$2" \
    '. + [{stack: ($name | split("/") | last), name: $name, environment: $env}]' <<<"$selected")
}

# field NAME OUTPUTS KEY: an output, else the committed stack file's identity value.
field() {
  local short value
  short=${1##*/}
  value=$(jq -r --arg k "$3" '.[$k] // "" | strings' <<<"$2")
  if [ -z "$value" ] && [ -f "Pulumi.$short.yaml" ]; then
    value=$(yq -r ".config[\"pinterest-pipeline:identity\"].$3 // \"\"" "Pulumi.$short.yaml")
  fi
  printf '%s' "$value"
}

if [ "${EVENT:-schedule}" = workflow_dispatch ]; then
  if [ "${INPUT_STACK:-}" != "${INPUT_CONFIRM:-}" ]; then
    echo "::error::the confirmation does not match the stack name; nothing destroyed"
    exit 1
  fi
  if ! name=$(find_stack "$list" "${INPUT_STACK:-}"); then
    echo "$name"
    exit 1
  fi
  outputs=$(pulumi stack output --json --stack "$name")
  environment=$(field "$name" "$outputs" environment)
  add "$name" "${environment:-dev}"
else
  while IFS=$'\t' read -r name count; do
    short=${name##*/}
    if [ "$count" = 0 ]; then
      echo "$name: no resources, nothing to destroy"
      continue
    fi
    if ! outputs=$(pulumi stack output --json --stack "$name"); then
      echo "::error::$name holds $count resources, but its outputs cannot be read; destroy it by hand if it has expired"
      status=1
      continue
    fi
    environment=$(field "$name" "$outputs" environment)
    expires=$(field "$name" "$outputs" expiresAt)
    if [ "$short" = prod ] || [ "$environment" = prod ]; then
      echo "$name: prod, never destroyed on a schedule"
    elif ! [[ "$expires" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
      echo "::error::$name holds $count resources and has no expiry date (identity.expiresAt), so it bills until someone destroys it; set the date and deploy, or run Teardown for it"
      status=1
    elif [[ "$expires" < "$today" ]]; then
      echo "$name: expired on $expires, destroying"
      add "$name" "${environment:-dev}"
    else
      echo "$name: expires on $expires"
    fi
  done < <(jq -r '.[] | [.name, (.resourceCount // 0 | tostring)] | @tsv' <<<"$list")
fi

echo "stacks=$selected" >> "$out"
exit "$status"

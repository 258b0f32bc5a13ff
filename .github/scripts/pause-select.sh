#!/usr/bin/env bash
# pause-select.sh: chooses the stacks the Pause workflow pauses or resumes and writes them to
# $GITHUB_OUTPUT as stacks=<JSON list of {stack, name, environment, action}>, action pause or resume.
#
# - workflow_dispatch: INPUT_STACK with INPUT_ACTION (pause or resume). The stack must be in the
#   backend and have a committed Pulumi.<stack>.yaml, whose paused key the job sets.
# - schedule: every deployed stack with a committed stack file that declares pause.classHours;
#   `go run ./cmd/pause` says whether it should be running now (its class hours, less
#   pause.resumeLeadMinutes before them) and the stack's `paused` output whether it is paused.
#   Only a stack in the wrong state is selected, so a run between boundaries changes nothing.
# Any listing or reading failure fails the run (after writing what could be selected). AT (RFC
# 3339) is for tests.
set -euo pipefail

out=${GITHUB_OUTPUT:-/dev/stdout}
status=0

# shellcheck source=.github/scripts/backend-stacks.sh
. "$(dirname "$0")/backend-stacks.sh"
if ! list=$(list_stacks); then
  echo "$list"
  exit 1
fi

selected='[]'
add() { # add NAME ENVIRONMENT ACTION
  selected=$(jq -c --arg name "$1" --arg env "$2" --arg action "$3" \
    '. + [{stack: ($name | split("/") | last), name: $name, environment: $env, action: $action}]' <<<"$selected")
}

# environment FILE: the committed stack's identity.environment, dev when unset.
environment() {
  yq -r '.config["pinterest-pipeline:identity"].environment // "dev"' "$1"
}

if [ "${EVENT:-schedule}" = workflow_dispatch ]; then
  if [ "${INPUT_ACTION:-}" != pause ] && [ "${INPUT_ACTION:-}" != resume ]; then
    echo "::error::the action is '${INPUT_ACTION:-}'; choose pause or resume"
    exit 1
  fi
  if ! name=$(find_stack "$list" "${INPUT_STACK:-}"); then
    echo "$name"
    exit 1
  fi
  file="Pulumi.${name##*/}.yaml"
  if [ ! -f "$file" ]; then
    echo "::error::$file is not committed, so this workflow cannot deploy $name; run \`pulumi config set paused $([ "$INPUT_ACTION" = pause ] && echo true || echo false)\` and \`pulumi up\` where the stack file is"
    exit 1
  fi
  add "$name" "$(environment "$file")" "$INPUT_ACTION"
else
  at=${AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
  while IFS=$'\t' read -r name count; do
    short=${name##*/}
    file="Pulumi.$short.yaml"
    if [ "$count" = 0 ]; then
      echo "$name: not deployed"
      continue
    fi
    if [ ! -f "$file" ]; then
      echo "$name: no committed $file, so no class hours; left alone"
      continue
    fi
    if ! want=$(go run ./cmd/pause --stack "$short" --at "$at"); then
      echo "::error::$name: $file has class hours that cannot be read (see above); fix pause.classHours"
      status=1
      continue
    fi
    if [ "$want" = unscheduled ]; then
      echo "$name: no class hours (pause.classHours); left alone"
      continue
    fi
    if ! outputs=$(pulumi stack output --json --stack "$name"); then
      echo "::error::$name holds $count resources, but its outputs cannot be read"
      status=1
      continue
    fi
    is=$(jq -r 'if .paused == true then "paused" else "running" end' <<<"$outputs")
    if [ "$is" = "$want" ]; then
      echo "$name: $is, as its class hours want at $at"
    elif [ "$want" = paused ]; then
      echo "$name: outside its class hours at $at, pausing"
      add "$name" "$(environment "$file")" pause
    else
      echo "$name: class hours start soon (or have started) at $at, resuming"
      add "$name" "$(environment "$file")" resume
    fi
  done < <(jq -r '.[] | [.name, (.resourceCount // 0 | tostring)] | @tsv' <<<"$list")
fi

echo "stacks=$selected" >> "$out"
exit "$status"

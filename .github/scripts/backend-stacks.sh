#!/usr/bin/env bash
# backend-stacks.sh: sourced by the scripts that choose stacks from the Pulumi backend
# (teardown-select.sh, pause-select.sh); it defines functions and runs nothing.

# list_stacks: logs in to PULUMI_BACKEND_URL when set and prints `pulumi stack ls --json`; a
# failure is fatal to the caller, so a bad token never reads as "nothing deployed".
list_stacks() {
  if [ -n "${PULUMI_BACKEND_URL:-}" ]; then
    pulumi login "$PULUMI_BACKEND_URL" >&2
  fi
  if ! pulumi stack ls --json; then
    echo "::error::could not list the stacks in the Pulumi backend; check PULUMI_ACCESS_TOKEN or PULUMI_BACKEND_URL and the AWS credentials"
    return 1
  fi
}

# find_stack LIST STACK: prints the backend's full name of STACK (given whole or by its last
# part), or says what the backend lists and fails. STACK must look like a stack name.
find_stack() {
  local name
  if ! [[ "$2" =~ ^[A-Za-z0-9][A-Za-z0-9._/-]*$ ]]; then
    echo "::error::'$2' is not a stack name"
    return 1
  fi
  name=$(jq -r --arg s "$2" 'map(select(.name == $s or (.name | split("/") | last) == $s)) | .[0].name // ""' <<<"$1")
  if [ -z "$name" ]; then
    echo "::error::the Pulumi backend has no stack $2; it lists: $(jq -r 'map(.name) | join(", ")' <<<"$1")"
    return 1
  fi
  printf '%s\n' "$name"
}

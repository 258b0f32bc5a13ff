#!/usr/bin/env bash
# stack-resources.sh STACK: prints how many resources the backend holds for STACK (0 when the
# backend has no such stack). It lists the stacks instead of probing with `pulumi stack select`,
# so a failed login, a bad token or an unreachable backend fails here, loudly, instead of
# reading as "not deployed". Run it after the AWS credentials: an s3:// backend needs them to
# log in.
set -euo pipefail

stack=${1:?usage: stack-resources.sh STACK}
if [ -n "${PULUMI_BACKEND_URL:-}" ]; then
  pulumi login "$PULUMI_BACKEND_URL" >&2
fi
if ! list=$(pulumi stack ls --json); then
  echo "::error::could not list the stacks in the Pulumi backend; check PULUMI_ACCESS_TOKEN or PULUMI_BACKEND_URL and the AWS credentials" >&2
  exit 1
fi
# A name may be fully qualified (org/project/stack) on one side and short on the other.
jq -r --arg s "$stack" '
  [.[] | select(.name == $s or (.name | split("/") | last) == ($s | split("/") | last))]
  | if length == 0 then 0 else (.[0].resourceCount // 0) end' <<<"$list"

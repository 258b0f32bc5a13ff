#!/usr/bin/env bash
# teardown-destroy.sh NAME: `pulumi destroy` with retries, then `pulumi stack rm` only after a
# clean destroy (REMOVE=false keeps the stack, e.g. prod's history).
#
# Deleting MSK, MSK Connect and MWAA takes 20-40 minutes, and their network interfaces hold a
# security group or subnet for a while after, so the first destroy often ends with a
# DependencyViolation that a later attempt clears; Pulumi resumes from what is left. Up to
# ATTEMPTS tries (default 3), RETRY_WAIT seconds apart (default 180), and no new try once
# DEADLINE seconds (default 2700) have passed, so the report steps still run within the job's
# credentials.
set -euo pipefail

name=${1:?usage: teardown-destroy.sh NAME}
attempts=${ATTEMPTS:-3}
wait_seconds=${RETRY_WAIT:-180}
deadline=$(( $(date +%s) + ${DEADLINE:-2700} ))

for ((try = 1; ; try++)); do
  echo "::group::pulumi destroy $name (attempt $try of $attempts)"
  if pulumi destroy --stack "$name" --yes --skip-preview --non-interactive --suppress-progress; then
    echo "::endgroup::"
    break
  fi
  echo "::endgroup::"
  if (( try >= attempts )) || (( $(date +%s) + wait_seconds >= deadline )); then
    echo "::error::pulumi destroy of $name failed $try times; resources may still bill"
    exit 1
  fi
  echo "::warning::pulumi destroy of $name failed (attempt $try); retrying in ${wait_seconds}s"
  sleep "$wait_seconds"
done

if [ "${REMOVE:-true}" = true ]; then
  # --preserve-config: the stack file is the learner's record of the stack, committed or not.
  pulumi stack rm --stack "$name" --yes --preserve-config
  echo "$name destroyed and removed from the backend"
else
  echo "$name destroyed; the stack (and its history) stays in the backend"
fi

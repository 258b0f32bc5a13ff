#!/usr/bin/env bash
# pause-apply.sh NAME ACTION: sets the stack's paused key (`pulumi config set paused true|false`)
# in its committed Pulumi.<stack>.yaml on the runner, for the `pulumi up` that follows; the change
# is not committed, so the next push deploys the stack file as committed (docs/pause.md).
set -euo pipefail

name=${1:?usage: pause-apply.sh <stack name> pause|resume}
action=${2:?usage: pause-apply.sh <stack name> pause|resume}
case "$action" in
  pause) value=true ;;
  resume) value=false ;;
  *)
    echo "::error::the action is '$action'; choose pause or resume"
    exit 1
    ;;
esac
if [ -n "${PULUMI_BACKEND_URL:-}" ]; then
  pulumi login "$PULUMI_BACKEND_URL"
fi
pulumi config set paused "$value" --stack "$name"
echo "$name: paused=$value; pulumi up follows"

#!/usr/bin/env bash
# Deploys the CDK stack into the local AWS emulator (MiniStack): used by `make run`, and by hand.
#   deploy-local.sh <emulator endpoint> <lambda proxy base URL> [outputs file] [cdk context ...]
#   e.g. deploy-local.sh http://127.0.0.1:4566 http://127.0.0.1:34567/_lambda /tmp/out.json \
#          -c stageFile=/tmp/local.json -c functionJars=/tmp/jars
# The stack is Stablepay-local; the outputs file (default cdk.out.local/outputs.json) gets its
# outputs (TableName, HttpApiId, HttpApiUrl, AdminEmail, AdminPasswordSecretArn, ...). Uses the
# classes and jars `mvn -pl infra-cdk package` left in target/, the function jars of each
# functions/*-function/target (it never runs Maven) and the pinned CDK CLI
# from node_modules (`npm ci`). Prints how long each step took; exits non-zero if one fails.
# MiniStack quirks: the change-set method fails on updates, so the deploy is direct; the
# emulator's account is 000000000000; `cdk destroy` deletes nothing there (delete by stack name).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '3,5p' "$0" >&2; exit 2; }
endpoint=$1
proxy=$2
shift 2
outputs=cdk.out.local/outputs.json
if [ $# -ge 1 ] && [ "${1#-}" = "$1" ]; then
  outputs=$(realpath -m "$1")
  shift
fi
cd "$(dirname "$0")"
JAVA_HOME=$(../.ci/find-jdk)
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

export AWS_ENDPOINT_URL="$endpoint"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
cdk=node_modules/.bin/cdk
[ -x "$cdk" ] || { echo "$cdk is missing: run npm ci in infra-cdk (make deps)" >&2; exit 1; }
[ -d target/classes ] && [ -d target/dependency ] \
  || { echo "infra-cdk is not built: run mvn -pl infra-cdk package (make build)" >&2; exit 1; }

out=cdk.out.local
rm -rf "$out"
step() {
  local name=$1 t0 ms
  shift
  t0=$(date +%s%N)
  if "$@"; then
    ms=$((($(date +%s%N) - t0) / 1000000))
    echo "$name took $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
  else
    echo "$name failed (exit $?)" >&2
    exit 1
  fi
}

# synthesize once (the Java app), then bootstrap and deploy that assembly; the stage is
# stages/local.json (or the -c stageFile=... given): the two anvil chains, both with treasury and
# gas-tank keys (alias/stablepay/<purpose>/<NET>) and the withdrawal signer
step synth "$cdk" synth --quiet --output "$out" --no-notices \
  -c stage=local -c lambdaProxyBaseUrl="$proxy" "$@"
step bootstrap "$cdk" bootstrap aws://000000000000/us-east-1 --app "$out" --no-notices
step deploy "$cdk" deploy Stablepay-local --app "$out" --require-approval never --method=direct \
  --outputs-file "$outputs" --no-notices --progress events
echo "outputs of Stablepay-local: $outputs"

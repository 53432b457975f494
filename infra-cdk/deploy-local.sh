#!/usr/bin/env bash
# Deploys the CDK stack into the local AWS emulator (MiniStack), for `make run`.
#   deploy-local.sh <emulator endpoint> <lambda proxy base URL> <outputs file>
# Uses the classes and jars `make build` left in target/ (it never runs Maven) and the pinned CDK
# CLI from node_modules. MiniStack quirks: the change-set method fails on updates, so the deploy
# is direct; the emulator's account is 000000000000.
set -euo pipefail
endpoint=$1
proxy=$2
outputs=$3
cd "$(dirname "$0")"
JAVA_HOME=$(../.ci/find-jdk)
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

export AWS_ENDPOINT_URL="$endpoint"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
cdk=node_modules/.bin/cdk
[ -x "$cdk" ] || { echo "$cdk is missing: run make deps" >&2; exit 1; }
[ -d target/classes ] && [ -d target/dependency ] || { echo "infra-cdk is not built: run make build" >&2; exit 1; }

out=cdk.out.local
rm -rf "$out"
step() { local name=$1; shift; local t0=$SECONDS; "$@"; echo "$name took $((SECONDS - t0)) s"; }

step synth "$cdk" synth --quiet --output "$out" \
  -c stage=local -c networkProfile=local -c lambdaProxyBaseUrl="$proxy"
step bootstrap "$cdk" bootstrap aws://000000000000/us-east-1 --app "$out" --no-notices
step deploy "$cdk" deploy Stablepay-local --app "$out" --require-approval never --method=direct \
  --outputs-file "$outputs" --no-notices --progress events

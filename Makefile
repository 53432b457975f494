# StablePay: the two commands are `make run` (the whole platform on this machine) and
# `make test` (every test). Everything they need is installed into folders this project owns
# and git ignores: .venv/ (MiniStack, schemathesis), contracts/node_modules (solc, OpenZeppelin,
# anvil), infra-cdk/node_modules (the CDK CLI).
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help deps test run build clean cold-starts bench deploy-contracts

# a JDK >= 21 builds the Java 21 bytecode; the default `java` here may be older
JAVA_HOME := $(shell .ci/find-jdk)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

PYTHON ?= python3
MVN := mvn -B -ntp
MINISTACK_VERSION := 1.5.33
CRYPTOGRAPHY_VERSION := 50.0.2
SCHEMATHESIS_VERSION := 4.32.5

RUNTIME_JAR := functions/local-runtime/target/local-runtime.jar
SOURCES := $(shell find pom.xml events functions contracts/src contracts/scripts contracts/pom.xml \
	infra-cdk/src infra-cdk/pom.xml -type f -not -path '*/target/*' -not -path '*/node_modules/*' \
	2>/dev/null)

help:
	@echo "make run    start the local stack (emulator, chains, API on http://127.0.0.1:$${PORT:-4000})"
	@echo "make test   run every test (unit, integration against emulators and anvil, CDK)"
	@echo "make bench  measure the request paths beside their floors into BENCHMARKS.md (minutes)"
	@echo "make deps   install the tools the two commands need (done by both automatically)"
	@echo "make deploy-contracts STAGE=<stage> NETWORK=<NET> [RPC_URL=..] [STAGE_FILE=..]"
	@echo "            deploy and wire the contracts on one EVM network with the stage's KMS key"

deps: .venv/.installed contracts/node_modules/.installed infra-cdk/node_modules/.installed

.venv/.installed: Makefile
	$(PYTHON) -m venv .venv
	.venv/bin/pip install --quiet ministack==$(MINISTACK_VERSION) \
		cryptography==$(CRYPTOGRAPHY_VERSION) schemathesis==$(SCHEMATHESIS_VERSION)
	touch $@

contracts/node_modules/.installed: contracts/package-lock.json
	cd contracts && npm ci --no-audit --no-fund
	touch $@

infra-cdk/node_modules/.installed: infra-cdk/package-lock.json
	cd infra-cdk && npm ci --no-audit --no-fund
	touch $@

test: deps
	$(MVN) verify

$(RUNTIME_JAR): $(SOURCES) | deps
	$(MVN) -q package -DskipTests

build: $(RUNTIME_JAR)

run: build
	exec java -jar $(RUNTIME_JAR)

# a benchmark (minutes): every deployed function's first response in a fresh JVM, beside an empty
# handler's measured in the same run; writes functions/local-runtime/target/cold-starts.md
cold-starts: build
	$(MVN) -q -pl functions/local-runtime -am test-compile dependency:build-classpath \
		-Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
	cd functions/local-runtime && exec java -cp \
		target/test-classes:target/classes:$$(cat target/test.classpath) io.stablepay.local.ColdStarts

# a benchmark (minutes): the request paths (P2P transfers at concurrency 8, balance reads) through
# the emulator's API Gateway and to the functions directly, each beside its floor (the raw DynamoDB
# calls, GET /api/auth/me) measured in the same run; writes BENCHMARKS.md, warning on a ratio that
# regressed more than 30% against the committed one
bench: build
	$(MVN) -q -pl functions/local-runtime -am test-compile dependency:build-classpath \
		-Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
	cd functions/local-runtime && exec java -cp \
		target/test-classes:target/classes:$$(cat target/test.classpath) io.stablepay.local.Bench

# the contracts of a stage on one EVM network, signed by the stage's deployer key in KMS (the AWS
# account, region and profile of the environment); addresses land in the stage file
# (built only when a source changed since, so a second network, or MakeDeployContractsIT after
# the build, goes straight to the chain)
OPS_JAR := ops/target/stablepay-ops.jar
OPS_SOURCES := $(shell find ops/pom.xml ops/src -type f 2>/dev/null)

$(OPS_JAR): $(SOURCES) $(OPS_SOURCES) | deps
	$(MVN) -q package -pl ops -am -DskipTests

deploy-contracts: $(OPS_JAR)
	@test -n "$(STAGE)" -a -n "$(NETWORK)" || \
		{ echo "usage: make deploy-contracts STAGE=<stage> NETWORK=<NET> [RPC_URL=..]"; exit 2; }
	java -jar $(OPS_JAR) --stage "$(STAGE)" --network "$(NETWORK)" \
		$(if $(RPC_URL),--rpc-url "$(RPC_URL)") $(if $(STAGE_FILE),--stage-file "$(STAGE_FILE)")

clean:
	$(MVN) -q clean

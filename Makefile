# Terraform-backed end-to-end tests for AWS Lambda. `make help` lists targets
# and variables. The work is done by scripts/; this file is the interface.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

##@ FEATURE               feature to run: a folder in both handlers/ and terraform/features/
##@ TARGET                local (default: localcloud, started when needed) or aws (standard credential chain)
##@ RUN_ID                run to address (^[a-z][a-z0-9]{2,15}$); default: a new one (deploy: the last one of FEATURE)
##@ RUNNER                where verify runs the suite: local (this machine) or lambda (a runner function deployed with the feature); default: the feature's verifiers/<f>/runner.json, else local
##@ KEEP                  KEEP=1 skips destroy at the end of e2e (then: make destroy RUN_ID=... FEATURE=...)
##@ FEATURES              e2e-all: features to run (default: all)
##@ RUNTIMES              e2e-matrix: Lambda runtimes, space-separated (default PYTHON_RUNTIME)
##@ ARCHS                 e2e-matrix: architectures, space-separated (default ARCH)
##@ PYTHON_RUNTIME        Lambda runtime of functions and layer (default python3.12)
##@ ARCH                  x86_64 (default) or arm64: functions and the layer's wheels
##@ AWS_REGION            region (default us-east-1)
##@ LAYER_SOURCE          a local checkout installed into the layer over the pinned release
##@ LOCALCLOUD_PORT       localcloud's port (default 4566)
##@ LOCALCLOUD_XRAY_PORT  localcloud's X-Ray daemon UDP port (default 2000)
##@ TF_PARALLELISM        terraform -parallelism for apply and destroy (default 20)
##@ TF_SHARED_PROVIDER    1 (default): one AWS provider process per run, shared by its terraform commands; 0: Terraform starts its own
##@ SWEEP_AGE             sweep: delete tagged resources older than this (default 12h; 90s, 30m, 2d, 1d12h)
##@ DRY_RUN               sweep: DRY_RUN=1 only lists
##@ SWEEP_RUN_ID          sweep: only this run's resources (with SWEEP_AGE=0s: a run whose state is lost)
##@ FORCE                 sweep: FORCE=1 also deletes runs kept on purpose (KEEP=1, make deploy)
##@ FORENSICS             FORENSICS=1 saves function logs and traces into the run folder even when verify passes
##@ FORENSICS_DEADLINE    seconds the saving of logs and traces may take in all (default 60)
##@ TESTS                 verify/e2e: extra pytest arguments for the verifiers, e.g. TESTS="-k cold"
##@ TF_BACKEND_CONFIG     remote state: a -backend-config file (needs terraform/features/<f>/backend_override.tf)
##@ TF_PLUGIN_MIRROR      Terraform provider mirror folder (default /opt/tf-plugins when it exists; else the registry)
##@ LAYER_REQUIREMENTS    requirements file the layer is built from (default layer/requirements.txt)
##@ RUNS_DIR              where run folders go (default build/runs; make test uses build/test/runs)
##@ LAYER_DIR             where layer zips are cached (default build/layer)
##@ HOST_PYTHON           interpreter that creates .venv (default python3; >= 3.11)
##@ LOCALCLOUD_IDLE_SECONDS  localcloud: seconds an idle execution environment is kept (default 300)
##@ E2E_RETRY_ATTEMPTS    leak check and sweep: attempts per AWS call on throttling/5xx (default 6)
##@ E2E_RETRY_DEADLINE    leak check and sweep: seconds one AWS call may retry for (default 60)
##@ NAME_PREFIX           sweep and leak check: the resource name prefix they own (default e2e)
##@ NAME                  feature: the new feature's name (lowercase letters, digits, '_' or '-')
##@ TEST_WORKERS          test: pytest processes running the framework's tests (default 4)
TARGET ?= local
AWS_REGION ?= us-east-1
PYTHON_RUNTIME ?= python3.12
ARCH ?= x86_64
LOCALCLOUD_PORT ?= 4566
LOCALCLOUD_XRAY_PORT ?= 2000
SWEEP_AGE ?= 12h
TEST_WORKERS ?= 4
RUNNER ?=
export TARGET RUNNER AWS_REGION PYTHON_RUNTIME ARCH LOCALCLOUD_PORT LOCALCLOUD_XRAY_PORT
export FEATURE RUN_ID KEEP FEATURES LAYER_SOURCE TF_PARALLELISM TF_SHARED_PROVIDER SWEEP_AGE DRY_RUN SWEEP_RUN_ID FORCE TESTS NAME FORENSICS FORENSICS_DEADLINE RUNTIMES ARCHS

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help venv cloud-up cloud-down cloud-status layer feature deploy verify destroy e2e e2e-all e2e-matrix logs sweep bench test clean

help: ## List every target and variable
	@echo "Targets:"
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z0-9_-]+:.*## /{printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables (make <target> NAME=value):"
	@sed -n 's/^##@ /  /p' $(MAKEFILE_LIST)

venv: ## Create the virtual environment (every target that needs it does this itself)
	@scripts/venv.sh

cloud-up: venv ## Start localcloud in the background; returns when healthy (idempotent)
	@$(PY) -m localcloud up --port $(LOCALCLOUD_PORT) --xray-port $(LOCALCLOUD_XRAY_PORT)

cloud-down: venv ## Stop localcloud and every execution environment it started
	@$(PY) -m localcloud down --port $(LOCALCLOUD_PORT)

cloud-status: venv ## Say whether localcloud runs, where, and what it runs
	@$(PY) -m localcloud status --port $(LOCALCLOUD_PORT)

layer: venv ## Build build/layer/<hash>.zip (a cache hit does nothing)
	@scripts/layer.sh

feature: venv ## Scaffold a new feature NAME=<f>: handler, feature.tf, settings.json, a passing suite
	@$(PY) -m scripts.pipeline.scaffold

deploy: venv ## Deploy FEATURE (new run, or the feature's last one); keeps localcloud running
	@scripts/stages.sh deploy

verify: venv ## Run FEATURE's verifiers against its run (RUN_ID or the last one), then check a second plan is empty
	@scripts/stages.sh verify

destroy: venv ## Destroy FEATURE's run (RUN_ID or the last one)
	@scripts/stages.sh destroy

e2e: venv ## FEATURE end to end: layer, deploy, verify, destroy (always, unless KEEP=1)
	@scripts/stages.sh e2e

e2e-matrix: venv ## e2e-all per RUNTIMES x ARCHS cell (use -jN), one table cell x feature; a cell that cannot run here is SKIPPED with why
	+@scripts/e2e_matrix.sh

logs: venv ## FEATURE's function logs: tailed while its run (RUN_ID or the last) is deployed, else the saved ones
	@scripts/stages.sh logs

e2e-all: venv ## Every feature end to end in one run (use -jN), then a summary table
	+@scripts/e2e_all.sh

sweep: venv ## Delete resources tagged by this framework older than SWEEP_AGE (DRY_RUN=1 lists)
	@scripts/with_aws_env.sh $(PY) -m scripts.cleanup.sweep

bench: venv ## Measure the framework against bare Terraform (build/bench/results.md), and verify under both RUNNERs (runners.md)
	@$(PY) -m scripts.bench.run_bench
	@$(PY) -m scripts.bench.runner_bench

clean: venv ## Empty build/ (a localcloud still running keeps its folder; nothing is stopped)
	@$(PY) -m scripts.artefacts.clean

test: venv ## The framework's own tests (TEST_WORKERS at a time) and, alongside, a full e2e-all -j4 against localcloud (runs in build/test/runs)
	+@TEST_WORKERS=$(TEST_WORKERS) scripts/test.sh

# Internal: e2e_all.sh runs these in a sub-make, so -jN applies per feature.
.PHONY: _e2e-features
_e2e-features: $(addprefix _e2e-feature-,$(FEATURES))
_e2e-feature-%:
	@FEATURE=$* scripts/stages.sh e2e

# Internal: e2e_matrix.sh runs these in a sub-make, so -jN applies per cell.
.PHONY: _matrix-cells
_matrix-cells: $(addprefix _matrix-cell-,$(MATRIX_CELLS))
_matrix-cell-%:
	+@scripts/e2e_matrix.sh cell $*

# Terraform-backed end-to-end tests for AWS Lambda. `make help` lists targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

TARGET ?= local
AWS_REGION ?= us-east-1
PYTHON_RUNTIME ?= python3.12
ARCH ?= x86_64
LOCALCLOUD_PORT ?= 4566
LOCALCLOUD_XRAY_PORT ?= 2000
export TARGET AWS_REGION PYTHON_RUNTIME ARCH LOCALCLOUD_PORT LOCALCLOUD_XRAY_PORT

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help venv cloud-up cloud-down cloud-status test

help: ## List every target with what it does
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z_-]+:.*## /{printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: ## Create the virtual environment (every target that needs it does this itself)
	@scripts/venv.sh

cloud-up: venv ## Start localcloud in the background; returns when healthy (idempotent)
	@$(PY) -m localcloud up --port $(LOCALCLOUD_PORT) --xray-port $(LOCALCLOUD_XRAY_PORT)

cloud-down: venv ## Stop localcloud and every execution environment it started
	@$(PY) -m localcloud down --port $(LOCALCLOUD_PORT)

cloud-status: venv ## Say whether localcloud runs, where, and what it runs
	@$(PY) -m localcloud status --port $(LOCALCLOUD_PORT)

test: venv ## The framework's own tests, then a full e2e-all against localcloud
	@$(PY) -m pytest tests -q

# The phases of a feature run (sourced after lib.sh, with RUN_DIR and TF_DIR
# set by prepare_run). Each runs inside `phase`, which sends its output to a
# log, so errors are returned explicitly (set -e does not apply there).
# shellcheck shell=bash

build_layer() { # sets LAYER_ZIP (layer.sh prints the zip's path last)
  run_child "$ROOT/scripts/layer.sh" >"$RUN_DIR/layer.out" || return
  LAYER_ZIP=$(tail -n1 "$RUN_DIR/layer.out")
  rm -f "$RUN_DIR/layer.out"
  export LAYER_ZIP
}

json_string() { # a JSON string literal of $1
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# The inputs of this run, kept in the run folder so that destroy and later
# deploys use the same ones; created_at is set once (no tag diff on re-apply).
write_tfvars() {
  local created=$RUN_DIR/created_at
  [[ -s $created ]] || date -u +%Y-%m-%dT%H:%M:%SZ >"$created"
  cat >"$RUN_DIR/terraform.tfvars.json" <<EOF
{
  "run_id": $(json_string "$E2E_RUN_ID"),
  "created_at": $(json_string "$(<"$created")"),
  "region": $(json_string "$AWS_REGION"),
  "layer_zip": $(json_string "$LAYER_ZIP"),
  "package_dir": $(json_string "$RUN_DIR/package"),
  "runtime": $(json_string "$PYTHON_RUNTIME"),
  "architecture": $(json_string "$ARCH"),
  "s3_use_path_style": $([[ $TARGET == local ]] && echo true || echo false)
}
EOF
}

# init only when the data folder was not initialised for this configuration:
# the root module's files, the lock file, the CLI config and the state path.
tf_init() {
  local want stamp=$TF_DATA_DIR/e2e-init.sha256
  backend_args
  want=$({
    cat "$TF_DIR"/*.tf "$TF_DIR/.terraform.lock.hcl"
    [[ -z ${TF_CLI_CONFIG_FILE:-} ]] || cat "$TF_CLI_CONFIG_FILE"
    echo "${BACKEND_ARGS[*]}"
  } | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    echo "init: $TF_DATA_DIR is current"
    return 0
  fi
  run_child terraform -chdir="$TF_DIR" init -input=false -no-color -lockfile=readonly "${BACKEND_ARGS[@]}" || return
  echo "$want" >"$stamp"
}

# State is local in the run folder, or (TF_BACKEND_CONFIG, for CI on AWS) in
# the backend a backend_override.tf in the feature folder declares, under a
# key per run and feature.
backend_args() {
  if [[ -z ${TF_BACKEND_CONFIG:-} ]]; then
    BACKEND_ARGS=(-backend-config="path=$RUN_DIR/terraform.tfstate")
    return 0
  fi
  [[ -f $TF_BACKEND_CONFIG ]] || die "TF_BACKEND_CONFIG='$TF_BACKEND_CONFIG' is not a file"
  [[ -f $TF_DIR/backend_override.tf ]] ||
    die "TF_BACKEND_CONFIG needs $TF_DIR/backend_override.tf declaring the backend, e.g. terraform { backend \"s3\" {} }"
  BACKEND_ARGS=(-backend-config="$TF_BACKEND_CONFIG" -backend-config="key=lambda-e2e/$E2E_RUN_ID/$E2E_FEATURE.tfstate")
}

tf() { # tf <command> [args]: terraform on this feature with this run's inputs
  local command=$1
  shift
  run_child terraform -chdir="$TF_DIR" "$command" -input=false -no-color \
    -var-file="$RUN_DIR/terraform.tfvars.json" "$@"
}

# deploy = init (inputs, handler zips, terraform init when needed) + apply
# (apply, outputs.json); `make e2e` times them as two phases.
deploy() { init && apply; }

init() {
  [[ -n ${LAYER_ZIP:-} ]] || build_layer || return
  write_tfvars || return
  run_child "$PY" "$ROOT/scripts/package_handlers.py" "$ROOT/handlers/$E2E_FEATURE" "$RUN_DIR/package" || return
  tf_init
}

apply() {
  tf apply -auto-approve -parallelism="${TF_PARALLELISM:-20}" || return
  local state=()
  [[ -n ${TF_BACKEND_CONFIG:-} ]] || state=(--state "$RUN_DIR/terraform.tfstate")
  run_child "$PY" "$ROOT/scripts/outputs.py" "$TF_DIR" "$RUN_DIR/outputs.json" "${state[@]}"
}

verify() {
  [[ -f $RUN_DIR/outputs.json ]] || {
    echo "no $RUN_DIR/outputs.json: deploy first (make deploy FEATURE=$E2E_FEATURE)"
    return 1
  }
  run_child "$PY" -m verifiers.outputs check "$RUN_DIR/outputs.json" --handlers "handlers/$E2E_FEATURE" || return
  run_child "$PY" -m pytest "verifiers/$E2E_FEATURE" -q -p no:cacheprovider \
    --outputs "$RUN_DIR/outputs.json" --junitxml "$RUN_DIR/junit.xml"
}

# Nothing in state, nothing to do. No refresh: the inputs are the deploy's,
# and deleting what is already gone counts as deleted for the provider.
destroy() {
  if ! has_state; then
    echo "destroy: nothing in state"
    return 0
  fi
  tf_init || return
  tf destroy -auto-approve -refresh=false -parallelism="${TF_PARALLELISM:-20}"
}

has_state() { # remote state is not looked into: destroy then always runs
  [[ -z ${TF_BACKEND_CONFIG:-} ]] || return 0
  [[ -s $RUN_DIR/terraform.tfstate ]] && ! grep -q '"resources": \[\]' "$RUN_DIR/terraform.tfstate"
}

leak_check() {
  run_child "$PY" "$ROOT/scripts/leakcheck.py" --run-id "$E2E_RUN_ID" --feature "$E2E_FEATURE"
}

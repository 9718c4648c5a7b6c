# The phases of a feature run (sourced after lib.sh, with RUN_DIR and TF_DIR
# set by prepare_run). Each runs inside `phase`, which sends its output to a
# log, so errors are returned explicitly (set -e does not apply there).
# shellcheck shell=bash

# Sets LAYER_ZIP (layer.sh prints the zip's path last). under_test.txt: the
# versions under test, of the base packages and, in a feature's run folder,
# of the feature's own (handlers/<f>/requirements.txt, which layer.sh installs).
build_layer() {
  local requirements=(--requirements "${LAYER_REQUIREMENTS:-$ROOT/layer/requirements.txt}")
  local own=$ROOT/handlers/${E2E_FEATURE:-}/requirements.txt
  [[ ! -f $own ]] || requirements+=(--requirements "$own")
  run_child "$ROOT/scripts/layer.sh" >"$RUN_DIR/layer.out" || return
  LAYER_ZIP=$(tail -n1 "$RUN_DIR/layer.out")
  rm -f "$RUN_DIR/layer.out"
  export LAYER_ZIP
  py_module scripts.artefacts.layer_contents "$LAYER_ZIP" "${requirements[@]}" >"$RUN_DIR/under_test.txt" || return
  log "$(<"$RUN_DIR/under_test.txt")${LAYER_SOURCE:+ (LAYER_SOURCE=$LAYER_SOURCE)}" 2>&"${TERMINAL:-2}"
}

write_tfvars() { # the run's inputs, kept in its folder for destroy and later deploys; run.json: where it goes
  py_module scripts.pipeline.run_record write "$RUN_DIR" || return
  py_module scripts.pipeline.tfvars "$RUN_DIR" --feature "$E2E_FEATURE" --run-id "$E2E_RUN_ID" \
    --layer-zip "$LAYER_ZIP" --region "$AWS_REGION" --runtime "$PYTHON_RUNTIME" --architecture "$ARCH" --target "$TARGET" \
    ${RUNNER_ZIP:+--runner-zip "$RUNNER_ZIP"}
}

build_runner() { # RUNNER=lambda: sets RUNNER_ZIP, the suite's runner function (scripts/artefacts/runner_zip.py)
  RUNNER_ZIP=$(py_module scripts.artefacts.runner_zip "$E2E_FEATURE" --runtime "$PYTHON_RUNTIME" --arch "$ARCH") || return
  export RUNNER_ZIP
}

# Terraform's working directory: the repository's layout rebuilt of links in the
# run folder (RUN_DIR/tfroot/terraform/features/<f>/*, terraform/modules,
# verifiers), never the source tree. A state Terraform cannot save (disk full)
# goes to errored.tfstate in its working directory, which must be under build/.
# Built once per script: the configuration does not change within a run.
link_tfroot() { # sets TF_WORKDIR
  [[ -z ${TF_WORKDIR:-} ]] || return 0
  local root=$RUN_DIR/tfroot entry
  TF_WORKDIR=$root/terraform/features/$E2E_FEATURE
  mkdir -p "$TF_WORKDIR"
  ln -sfn "$ROOT/terraform/modules" "$root/terraform/modules"
  ln -sfn "$ROOT/verifiers" "$root/verifiers" # path.root/../../../verifiers: the runner's policy file
  find "$TF_WORKDIR" -maxdepth 1 -type l -delete # the feature may have lost files since
  for entry in "$TF_DIR"/* "$TF_DIR"/.terraform.lock.hcl; do
    ln -s "$(realpath "$entry")" "$TF_WORKDIR/"
  done
}

# The feature's data folder, initialised once per configuration and shared by
# its runs (scripts/pipeline/tf_data.py); the run's own state is the
# workspace TF_WORKSPACE=<run_id> (set by prepare_run). Looked up once per
# script (prepare_run unsets TF_DATA_DIR): the second plan and destroy of an
# e2e reuse what init found, and the provider it starts (scripts/sh/provider.sh).
tf_init() {
  [[ -z ${TF_DATA_DIR:-} ]] || return 0
  link_tfroot
  run_child "$PY" -m scripts.pipeline.tf_data "$TF_WORKDIR" "$E2E_FEATURE" "$E2E_RUN_ID" "$RUN_DIR" >"$RUN_DIR/tfdata.out" || return
  TF_DATA_DIR=$(tail -n1 "$RUN_DIR/tfdata.out")
  rm -f "$RUN_DIR/tfdata.out"
  export TF_DATA_DIR
  provider_start
}

tf() { # tf <command> [args]: terraform on this feature with this run's inputs
  local command=$1
  shift
  provider_attach
  run_child terraform -chdir="$TF_WORKDIR" "$command" -input=false -no-color \
    -var-file="$RUN_DIR/terraform.tfvars.json" "$@"
}

# deploy = init (inputs, handler zips, terraform init when needed) + apply
# (apply, outputs.json); `make e2e` times them as two phases.
deploy() { init && apply; }

init() { # the data folder first: the provider it starts loads while the inputs are written
  tf_init || return
  [[ -n ${LAYER_ZIP:-} ]] || build_layer || return
  [[ ${RUNNER:-local} != lambda ]] || build_runner || return
  write_tfvars || return
  run_child "$PY" -m scripts.artefacts.handler_zips "$ROOT/handlers/$E2E_FEATURE" "$RUN_DIR/package"
}

apply() {
  tf apply -auto-approve -parallelism="${TF_PARALLELISM:-20}" || return
  local state=() local_urls=()
  if [[ -z ${TF_BACKEND_CONFIG:-} ]]; then
    state=(--state "$RUN_DIR/terraform.tfstate")
    cp -p "$RUN_DIR/terraform.tfstate" "$RUN_DIR/terraform.tfstate.applied" # for recover_state
  fi
  [[ $TARGET != local ]] || local_urls=(--local-endpoint "$AWS_ENDPOINT_URL") # front doors answer there
  run_child "$PY" -m scripts.pipeline.tf_outputs "$TF_WORKDIR" "$RUN_DIR/outputs.json" "${state[@]}" "${local_urls[@]}"
}

# The suite (its conftest checks outputs.json first), then, when it passed,
# the second plan: after a deploy and a verify Terraform must plan no change. TESTS holds extra
# pytest arguments (e.g. TESTS="-k cold").
verify() {
  [[ -f $RUN_DIR/outputs.json ]] || {
    echo "no $RUN_DIR/outputs.json: deploy first (make deploy FEATURE=$E2E_FEATURE)"
    return 1
  }
  local rc=0 extra=()
  read -ra extra <<<"${TESTS:-}"
  if [[ ${RUNNER:-local} == lambda ]]; then
    remote_suite "${extra[@]}" || rc=$?
  else
    # -v: a line per test in verify.log; the JUnit suite is named after the feature
    run_child "$PY" -m pytest "verifiers/$E2E_FEATURE" -v -p no:cacheprovider -o junit_suite_name="$E2E_FEATURE" \
      --outputs "$RUN_DIR/outputs.json" --junitxml "$RUN_DIR/junit.xml" "${extra[@]}" || rc=$?
  fi
  ((rc == 0)) && [[ -z $FIRST_SIGNAL_AT ]] || return "$rc"
  second_plan_is_empty
}

# RUNNER=lambda: the suite runs as the feature's runner function, one invocation
# per test module (scripts/pipeline/remote_verify.py); a runner older than the
# suite, or none (deployed with RUNNER=local), is deployed first.
remote_suite() {
  build_runner || return
  py_module scripts.pipeline.remote_verify deployed "$RUN_DIR" "$RUNNER_ZIP" || { init && apply; } || return
  run_child "$PY" -m scripts.pipeline.remote_verify run "$RUN_DIR" --feature "$E2E_FEATURE" -- "$@"
}

second_plan_is_empty() {
  local plan=$RUN_DIR/second.tfplan rc=0
  echo "second plan: after deploy and verify, Terraform must plan no change"
  tf_init >/dev/null || return
  tf plan -detailed-exitcode -out="$plan" || rc=$?
  if ((rc != 2)); then
    ((rc)) || echo "plan: no changes"
    return "$rc"
  fi
  run_child terraform -chdir="$TF_WORKDIR" show -json "$plan" >"$plan.json" || return
  py_module scripts.pipeline.plan_check "$plan.json"
}

# Nothing in state, nothing to do. No refresh: the inputs are the deploy's,
# and deleting what is already gone counts as deleted for the provider.
destroy() {
  recover_state || return
  if ! has_state; then
    echo "destroy: nothing in state"
    return 0
  fi
  tf_init || return
  tf destroy -auto-approve -refresh=false -parallelism="${TF_PARALLELISM:-20}"
}

# An unreadable local state (disk full mid-write) is replaced by the newest
# readable copy: errored.tfstate, Terraform's backup, or the copy of the last
# good apply (scripts/pipeline/tfstate.py); what it did is said in the log and
# on the terminal. Without one, only the sweep by run id can finish the job.
recover_state() {
  local said rc=0
  [[ -z ${TF_BACKEND_CONFIG:-} ]] || return 0
  link_tfroot
  said=$(py_module scripts.pipeline.tfstate recover "$RUN_DIR/terraform.tfstate" --run-id "$E2E_RUN_ID" \
    --candidate "$TF_WORKDIR/errored.tfstate" --candidate "$RUN_DIR/terraform.tfstate.backup" \
    --candidate "$RUN_DIR/terraform.tfstate.applied" 2>&1) || rc=$?
  [[ -z $said ]] || echo "$said" | tee /dev/fd/"${TERMINAL:-2}"
  ((rc == 0)) || FINISH_HINT="make sweep SWEEP_RUN_ID=$E2E_RUN_ID SWEEP_AGE=0s TARGET=$TARGET"
  return "$rc"
}

has_state() { # remote state is not looked into: destroy then always runs
  [[ -z ${TF_BACKEND_CONFIG:-} ]] || return 0
  py_module scripts.pipeline.tfstate has-resources "$RUN_DIR/terraform.tfstate"
}

# kept_run mark|unmark: the run is (no longer) deployed on purpose; a sweep
# spares it (scripts/cleanup/kept_runs.py).
kept_run() { py_module scripts.cleanup.kept_runs "$1" "$E2E_RUN_ID" "$E2E_FEATURE"; }

# Function logs (functions/<PascalName>.log) and traces (traces.json) into the run folder.
collect_forensics() {
  run_child "$PY" -m scripts.forensics.collect "$RUN_DIR" --feature "$E2E_FEATURE"
}

# The leak check starts with destroy (leak_check_start) and loads boto3 and its
# clients meanwhile; once destroy is done, leak_check tells it to list (a line
# on its stdin). One that ended early is run again, in the foreground.
LEAK_CHECKER=
leak_check_start() {
  leash TERM
  coproc LEAK_CHECK {
    exec "${LEASH[@]}" "$PY" -m scripts.cleanup.leakcheck --run-id "$E2E_RUN_ID" --feature "$E2E_FEATURE" \
      --when-told >"$RUN_DIR/leakcheck.out" 2>&1 {RUN_LOCK}>&-
  }
  LEAK_CHECKER=$LEAK_CHECK_PID
}

leak_check() {
  local rc=0 checker=$LEAK_CHECKER
  LEAK_CHECKER=
  # a subshell: a checker gone already must not end this script with SIGPIPE
  if [[ -n $checker && -n ${LEAK_CHECK[1]:-} ]] && (echo go >&"${LEAK_CHECK[1]}") 2>/dev/null; then
    await_child "$checker" || rc=$?
    cat "$RUN_DIR/leakcheck.out"
    rm -f "$RUN_DIR/leakcheck.out"
    return "$rc"
  fi
  rm -f "$RUN_DIR/leakcheck.out"
  run_child "$PY" -m scripts.cleanup.leakcheck --run-id "$E2E_RUN_ID" --feature "$E2E_FEATURE"
}

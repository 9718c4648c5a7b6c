# The run's AWS provider (sourced after lib.sh): one process, started in its
# debug mode when the script first needs terraform and shared by every
# terraform command of the script through TF_REATTACH_PROVIDERS
# (scripts/pipeline/tf_provider.py says what it saves). Never shared between
# runs: the provider keeps its configuration per process. It runs in its own
# session (a Ctrl-C meant for the run must not take it from teardown's
# destroy), gets SIGINT, on which it stops cleanly, when the script ends or
# dies (kill -9 too), and takes the run's environment, so it talks to the
# same endpoint with the same credentials as a provider Terraform starts.
# TF_SHARED_PROVIDER=0, or a TF_REATTACH_PROVIDERS of the user's, leaves
# providers to Terraform.
# shellcheck shell=bash

PROVIDER_PID=
PROVIDER_STOPPED=0

provider_start() { # in the background; provider_attach waits for it
  [[ -z $PROVIDER_PID && -z ${TF_REATTACH_PROVIDERS:-} && ${TF_SHARED_PROVIDER:-1} == 1 ]] || return 0
  # With AWS_CA_BUNDLE set the provider fails its second configuration in one
  # process ("unable to add custom RootCAs HTTPClient"); localcloud is plain
  # HTTP and needs no bundle, AWS then gets a provider per command.
  [[ $TARGET == local || -z ${AWS_CA_BUNDLE:-} ]] || return 0
  local binary quiet=()
  # the binary init verified, through the run folder's link to the data folder: its command line names the run
  binary=("$RUN_DIR"/tfdata/providers/registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws_*)
  [[ ${#binary[@]} == 1 && -x ${binary[0]} ]] || return 0
  # Terraform discards a provider's logs unless TF_LOG asks for them; so does this one.
  [[ -n ${TF_LOG:-}${TF_LOG_PROVIDER:-} ]] || quiet=(TF_LOG_PROVIDER=off TF_LOG_PROVIDER_AWS=off TF_LOG_SDK=off TF_LOG_SDK_PROTO=off)
  leash INT # prepare_run holds the run's lock (RUN_LOCK): not for the provider to keep
  (unset AWS_CA_BUNDLE && exec env "${quiet[@]}" "${LEASH[@]}" "${binary[0]}" -debug) >"$RUN_DIR/provider.log" 2>&1 {RUN_LOCK}>&- &
  PROVIDER_PID=$!
}

# Before each terraform command: the shared provider once it has announced
# itself; a provider that failed to start or has died since leaves Terraform
# to start its own.
provider_attach() {
  [[ -n $PROVIDER_PID ]] && ((!PROVIDER_STOPPED)) || return 0
  if ! kill -0 "$PROVIDER_PID" 2>/dev/null; then
    echo "provider: the shared provider (pid $PROVIDER_PID) is gone; Terraform starts its own"
    PROVIDER_PID=
    unset TF_REATTACH_PROVIDERS
  elif [[ -z ${TF_REATTACH_PROVIDERS:-} ]]; then
    TF_REATTACH_PROVIDERS=$(py_module scripts.pipeline.tf_provider reattach "$RUN_DIR/provider.log" --pid "$PROVIDER_PID") || {
      echo "provider: Terraform starts its own (the shared one's log: $RUN_DIR/provider.log)"
      provider_stop
      return 0
    }
    export TF_REATTACH_PROVIDERS
  fi
}

provider_stop() { # asks it to stop; provider_reap waits for it
  [[ -n $PROVIDER_PID ]] || return 0
  kill -INT "$PROVIDER_PID" 2>/dev/null || true
  PROVIDER_STOPPED=1
  unset TF_REATTACH_PROVIDERS
}

provider_reap() { # bounded: a provider that ignores SIGINT is killed
  [[ -n $PROVIDER_PID ]] || return 0
  local tries=150
  while kill -0 "$PROVIDER_PID" 2>/dev/null && ((tries-- > 0)); do sleep 0.1; done
  kill -KILL "$PROVIDER_PID" 2>/dev/null || true
  wait "$PROVIDER_PID" 2>/dev/null || true
  PROVIDER_PID=
}

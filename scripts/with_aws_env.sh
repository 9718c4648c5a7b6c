#!/usr/bin/env bash
# Run a command with the AWS environment of TARGET (localcloud's endpoint and
# dummy credentials, or the standard chain checked through STS), e.g. the
# sweeper: with_aws_env.sh .venv/bin/python -m scripts.cleanup.sweep
set -euo pipefail
source "$(dirname "$0")/sh/lib.sh"
check_settings
require_aws_credentials
aws_env
exec "$@"

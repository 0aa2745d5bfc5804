#!/usr/bin/env bash
# Smoke-run the benchmark harness (bench/run.js --quick: small sizes, few rounds; ~20–40 s on 2 cores).
# Fails only when the harness breaks or this client fails its correctness checks (exit 2), never on
# a performance figure: the numbers of a quick run are not for the record (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
node bench/run.js --quick

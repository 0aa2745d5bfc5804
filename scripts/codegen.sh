#!/usr/bin/env bash
# Regenerate the services committed in src/generated (or verify them: scripts/codegen.sh --check).
# Inside this package the generated code imports the runtime by relative path; code generated for
# users imports it by the package name (the generator's default).
set -euo pipefail
cd "$(dirname "$0")/.."
wsdl="${SO_WSDL_DIR:-../shared/wsdl}"
for pair in Chat:chat SoPrincipal:soprincipal; do
  node dist/src/cli/bin.js generate --wsdl "$wsdl/Services88-${pair%%:*}.wsdl" --out "src/generated/${pair##*:}" \
    --runtime-module ../../runtime/index.js --codec-module ../../codec.js "$@"
done

# Smoke test of the package as published, from a fresh clone: `npm pack` there (prepack builds
# everything: CommonJS, ESM, types), then test/package/smoke.test.ts on that tarball: installed
# offline into an empty project with only the runtime dependencies it lists, an ESM import, a
# CommonJS require (both typed), the CLI, and real calls over the default HTTP client.
set -euo pipefail
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone --quiet --no-hardlinks "$repo" "$tmp/clone"
ln -s "$repo/node_modules" "$tmp/clone/node_modules"
(cd "$tmp/clone" && npm pack --pack-destination "$tmp" >"$tmp/pack.log" 2>&1) || { cat "$tmp/pack.log"; exit 1; }
tarball=$(ls "$tmp"/so-soap-*.tgz)
for f in dist/src/index.js dist/src/index.d.ts dist/esm/src/index.js dist/esm/src/index.d.ts dist/esm/package.json dist/src/cli/bin.js schema/so-soap.config.schema.json; do
  tar -tzf "$tarball" "package/$f" >/dev/null || { echo "the tarball lacks $f"; exit 1; }
done
SO_SOAP_TARBALL="$tarball" npx jest --ci test/package/smoke.test.ts

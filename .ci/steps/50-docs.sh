# API reference: every public symbol documented. `typedoc.json` treats validation warnings
# (notDocumented, notExported, invalidLink) as errors; `--emit none` converts and validates only.
npx typedoc --emit none

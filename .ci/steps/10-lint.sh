# Lint: typescript-eslint's recommended rules over the hand-written code (generated code, build
# output and docs excluded in eslint.config.mjs); any finding fails the run.
npx eslint .

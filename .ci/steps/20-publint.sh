# The package as published: publint --strict.
npx publint --strict

# Are the types wrong? Both `import` and `require` of every entry point, with their own types,
# under every resolution attw knows: node10 included (legacy `module: commonjs` consumers reach the
# subpaths through typesVersions; see docs/guide/install.md).
npx attw --pack .

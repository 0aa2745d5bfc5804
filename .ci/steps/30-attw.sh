# Are the types wrong? Both `import` and `require` of every entry point, with their own types
# (node10 resolution is ignored: engines.node is >= 20.19).
npx attw --pack . --profile node16

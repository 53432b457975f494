#!/usr/bin/env node
// A native-solc command line, as forge calls it, answered by solcjs from node_modules: forge
// cannot download a compiler here, so `forge ... --offline --use scripts/solc.js` points it at
// this file. Only the two forms forge uses are supported: `--version` and `--standard-json`.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const args = process.argv.slice(2);

if (args.includes('--version')) {
  // forge parses the native banner; solcjs reports an Emscripten build string instead.
  const version = solc.version().replace('.Emscripten.clang', '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version}\n`);
  process.exit(0);
}

if (!args.includes('--standard-json')) {
  process.stderr.write(`solc.js: unsupported arguments: ${args.join(' ')}\n`);
  process.exit(1);
}

const searchPaths = [''];
for (let i = 0; i < args.length - 1; i++) {
  if (['--base-path', '--include-path', '--allow-paths'].includes(args[i])) {
    searchPaths.push(...args[i + 1].split(','));
  }
}

function findImports(importPath) {
  for (const base of searchPaths) {
    const candidate = path.resolve(base, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `not found: ${importPath}` };
}

const output = solc.compile(fs.readFileSync(0, 'utf8'), { import: findImports });
// Exit only once stdout has drained: forge reads a large JSON document through a pipe.
process.stdout.write(output, () => process.exit(0));

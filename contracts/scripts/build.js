#!/usr/bin/env node
// Compiles every .sol under contracts/src offline with solcjs (no compiler download) and writes
// <Name>.abi and <Name>.bin for each contract defined there into the output directory, beside
// <Name>.runtime (the code a deployment leaves on chain) and <Name>.immutables (the byte ranges of
// that code the constructor fills in, [{"start":..,"length":..}], which a verifier masks).
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'build'));
const srcDir = path.join(root, 'src');

function solidityFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return solidityFiles(full);
    return entry.name.endsWith('.sol') ? [full] : [];
  });
}

// Up to date, as make would judge it: every source, this script and the compiler are older than
// the outputs of the last run (its list of contracts is kept in the output directory).
const stamp = path.join(outDir, 'contracts.txt');
function newestInput() {
  const inputs = [...solidityFiles(srcDir), __filename,
    path.join(root, 'node_modules', 'solc', 'package.json')];
  return Math.max(...inputs.map((file) => fs.statSync(file).mtimeMs));
}
if (fs.existsSync(stamp)) {
  const names = fs.readFileSync(stamp, 'utf8').split('\n').filter(Boolean);
  const outputs = [stamp, ...names.flatMap((n) => [n + '.abi', n + '.bin', n + '.runtime', n + '.immutables'])
    .map((f) => path.join(outDir, f))];
  if (outputs.every((f) => fs.existsSync(f))
      && Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs)) > newestInput()) {
    console.log(`contracts up to date in ${outDir}`);
    process.exit(0);
  }
}

const sources = {};
for (const file of solidityFiles(srcDir)) {
  sources[path.relative(root, file)] = { content: fs.readFileSync(file, 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    // no metadata hash in the bytecode (as forge builds it, foundry.toml): the hash covers source
    // paths, which differ between the two builds, and the init code fixes CREATE2 addresses
    metadata: { bytecodeHash: 'none' },
    outputSelection: {
      '*': {
        '*': [
          'abi',
          'evm.bytecode.object',
          'evm.deployedBytecode.object',
          'evm.deployedBytecode.immutableReferences',
        ],
      },
    },
  },
};

function findImports(importPath) {
  for (const base of [path.join(root, 'node_modules'), root]) {
    const candidate = path.join(base, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: 'not found: ' + importPath };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const message of output.errors || []) {
  console.error(message.formattedMessage);
  if (message.severity === 'error') failed = true;
}
if (failed) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const [file, contracts] of Object.entries(output.contracts)) {
  if (!file.startsWith('src/')) continue;
  for (const [name, contract] of Object.entries(contracts)) {
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(contract.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), contract.evm.bytecode.object);
    fs.writeFileSync(path.join(outDir, name + '.runtime'), contract.evm.deployedBytecode.object);
    const immutables = Object.values(contract.evm.deployedBytecode.immutableReferences || {}).flat();
    fs.writeFileSync(path.join(outDir, name + '.immutables'), JSON.stringify(immutables));
    console.log(`${name}: ${contract.evm.bytecode.object.length / 2} bytes (solc ${solc.version()})`);
    written.push(name);
  }
}
fs.writeFileSync(stamp, written.join('\n') + '\n');

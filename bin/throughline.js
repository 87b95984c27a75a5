#!/usr/bin/env node
'use strict';
// Thin launcher: the command line is compiled from src/cli and bundled into one file by
// `npm run build:node` (run by `prepare`; scripts/bundle-cli.mjs says why), with V8's compiled
// code for it saved beside it (throughline.js.cache): loading the bundle with that cache skips
// most of its compiling at each start (~30 ms). A cache V8 cannot use (another Node version,
// other flags, a rebuilt bundle) is ignored and the bundle compiled as usual.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'node', 'throughline.js');

function load() {
  let cachedData;
  try {
    cachedData = fs.readFileSync(`${bundle}.cache`);
  } catch {
    return require(bundle);
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
    filename: bundle,
    cachedData,
  });
  const mod = { exports: {} };
  script
    .runInThisContext()
    .call(
      mod.exports,
      mod.exports,
      Module.createRequire(bundle),
      mod,
      bundle,
      path.dirname(bundle),
    );
  return mod.exports;
}

load()
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`throughline: ${err && err.stack ? err.stack : err}\n`);
      process.exitCode = 1;
    },
  );

#!/usr/bin/env node
'use strict';
// Thin launcher: the command line is compiled from src/cli and bundled into one file by
// `npm run build:node` (run by `prepare`; scripts/bundle-cli.mjs says why), with V8's compiled
// code for it saved beside it (throughline.js.cache): loading the bundle with that cache skips
// most of its compiling at each start (~30 ms). The cache starts with the SHA-256 of the bundle
// it was made for; a cache of another bundle, or one V8 cannot use (another Node version, other
// flags), is ignored and the bundle compiled as usual.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'node', 'throughline.js');

function load() {
  let cache;
  try {
    cache = fs.readFileSync(`${bundle}.cache`);
  } catch {
    return require(bundle);
  }
  const source = fs.readFileSync(bundle, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex');
  if (cache.length <= 64 || cache.toString('latin1', 0, 64) !== hash) return require(bundle);
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData: cache.subarray(64),
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

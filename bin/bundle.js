'use strict';
// The bundled command line (dist/node/throughline.js) and its V8 code cache, for
// bin/throughline.js, which loads it, and scripts/bundle-cli.mjs, which makes the cache.
// A cache file is the SHA-256 of the bundle it was made from (64 hex characters), then V8's
// data: V8 itself checks only the source's length, so a cache of another bundle is told apart
// here; V8 rejects one of another Node version or other flags on its own.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'node', 'throughline.js');
const cacheFile = `${bundle}.cache`;

/** The hash a cache of this source starts with. */
function sourceHash(source) {
  return createHash('sha256').update(source).digest('hex');
}

/** Compile and run the bundle's source as a CommonJS module: its exports and the vm.Script. */
function runBundle(source, cachedData) {
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
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
  return { exports: mod.exports, script };
}

/** The bundle's exports: with its code cache when one was made for it, else compiled as usual. */
function loadBundle() {
  let cache;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    return require(bundle);
  }
  const source = fs.readFileSync(bundle, 'utf8');
  if (cache.length <= 64 || cache.toString('latin1', 0, 64) !== sourceHash(source))
    return require(bundle);
  return runBundle(source, cache.subarray(64)).exports;
}

/** Write the cache of `script`, compiled from `source` (after a run, so it holds what ran). */
function saveCache(source, script) {
  fs.writeFileSync(
    cacheFile,
    Buffer.concat([Buffer.from(sourceHash(source), 'latin1'), script.createCachedData()]),
  );
}

module.exports = { bundle, cacheFile, loadBundle, runBundle, saveCache };

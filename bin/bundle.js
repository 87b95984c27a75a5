'use strict';
// The bundled command line (dist/node/throughline.js) and exceljs bundled on its own
// (dist/node/exceljs.js, loaded only when a run reads or writes an .xlsx), each with V8's code
// cache beside it, for bin/throughline.js, which loads the first, the first's `require('exceljs')`
// (loadExcelJs), and scripts/bundle-cli.mjs, which makes the caches.
// A cache file is the SHA-256 of the bundle it was made from (64 hex characters), then V8's
// data: V8 itself checks only the source's length, so a cache of another bundle is told apart
// here; V8 rejects one of another Node version or other flags on its own.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'node', 'throughline.js');
const excelBundle = path.join(__dirname, '..', 'dist', 'node', 'exceljs.js');
const cacheFile = `${bundle}.cache`;
const cacheOf = (file) => `${file}.cache`;

/** The hash a cache of this source starts with. */
function sourceHash(source) {
  return createHash('sha256').update(source).digest('hex');
}

/** Compile and run a bundle's source as a CommonJS module: its exports and the vm.Script. */
function runBundle(source, cachedData, file = bundle) {
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = { exports: {} };
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return { exports: mod.exports, script };
}

/** The cache made for `source` from `file`'s cache file, or undefined (none, or another's). */
function cachedDataFor(file, source) {
  let cache;
  try {
    cache = fs.readFileSync(cacheOf(file));
  } catch {
    return undefined;
  }
  if (cache.length <= 64 || cache.toString('latin1', 0, 64) !== sourceHash(source))
    return undefined;
  return cache.subarray(64);
}

/** The bundle's exports: with its code cache when one was made for it, else compiled as usual. */
function loadBundle() {
  let source;
  try {
    source = fs.readFileSync(bundle, 'utf8');
  } catch {
    return require(bundle);
  }
  const cachedData = cachedDataFor(bundle, source);
  return cachedData ? runBundle(source, cachedData).exports : require(bundle);
}

/** exceljs as loaded (its bundle's source and script, to make its cache from), once. */
let excel = null;

/**
 * exceljs, for the command line's bundle (its `require('exceljs')`): from its own bundle with
 * that bundle's code cache (most of its ~0.3 s of loading is compiling), or from node_modules
 * when there is no bundle.
 */
function loadExcelJs() {
  if (excel) return excel.exports;
  let source;
  try {
    source = fs.readFileSync(excelBundle, 'utf8');
  } catch {
    excel = { exports: require('exceljs') };
    return excel.exports;
  }
  const { exports, script } = runBundle(source, cachedDataFor(excelBundle, source), excelBundle);
  excel = { exports, script, source };
  return exports;
}

/** Write the cache of `script`, compiled from `source` (after a run, so it holds what ran). */
function saveCache(source, script, file = bundle) {
  fs.writeFileSync(
    cacheOf(file),
    Buffer.concat([Buffer.from(sourceHash(source), 'latin1'), script.createCachedData()]),
  );
}

/** Write exceljs's cache, when this process loaded it from its bundle. */
function saveExcelCache() {
  if (excel && excel.script) saveCache(excel.source, excel.script, excelBundle);
}

module.exports = {
  bundle,
  cacheFile,
  excelBundle,
  loadBundle,
  loadExcelJs,
  runBundle,
  saveCache,
  saveExcelCache,
};

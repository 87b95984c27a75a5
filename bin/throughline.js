#!/usr/bin/env node
'use strict';
// Thin launcher: the command line is compiled from src/cli and bundled into one file by
// `npm run build:node` (run by `prepare`; scripts/bundle-cli.mjs says why), with V8's compiled
// code for it saved beside it (throughline.js.cache): loading the bundle with that cache skips
// most of its compiling at each start (~30 ms). A cache made for another bundle, or one V8 cannot
// use (another Node version, other flags), is ignored and the bundle compiled as usual
// (bin/bundle.js).
const { loadBundle } = require('./bundle');

loadBundle()
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

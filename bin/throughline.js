#!/usr/bin/env node
'use strict';
// Thin launcher: the command line is compiled from src/cli and bundled into one file by
// `npm run build:node` (run by `prepare`; scripts/bundle-cli.mjs says why).
const { main } = require('../dist/node/throughline.js');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`throughline: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);

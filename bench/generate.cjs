#!/usr/bin/env node
// Seeded benchmark data: a wide student export with two measures (fall/spring), 400 teams,
// three subgroups and 2% missing scores. Written as CSV in a streaming fashion so generating a
// million rows needs little memory. Usage: node bench/generate.cjs ROWS OUT.csv [SEED]
// CommonJS so that the bench scripts (ESM), the bench children and the tests (Jest) all load it.
'use strict';
const { createWriteStream } = require('node:fs');
const { mulberry32 } = require('./seeded.cjs');

async function generateBenchCsv(rows, out, seed = 20261123) {
  const rand = mulberry32(seed);
  const normal = () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const teamEffect = Array.from({ length: 400 }, () => 2 + 4 * normal());
  const ws = createWriteStream(out);
  const write = (s) => (ws.write(s) ? null : new Promise((r) => ws.once('drain', r)));
  await write(
    'Student ID,School,Team,EL,SWD,FRL,Reading Fall,Reading Spring,Math Fall,Math Spring\n',
  );
  const score = (mean) => {
    if (rand() < 0.02) return rand() < 0.5 ? '' : 'NA';
    return String(Math.max(0, Math.min(100, Math.round(mean + 12 * normal()))));
  };
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const team = Math.floor(rand() * 400);
    const el = rand() < 0.15 ? 'Y' : 'N';
    const swd = rand() < 0.12 ? 'Y' : 'N';
    const frl = rand() < 0.45 ? 'Y' : 'N';
    const base = 62 - (el === 'Y' ? 8 : 0) - (swd === 'Y' ? 9 : 0) - (frl === 'Y' ? 5 : 0);
    const rf = score(base);
    const rs = score(base + teamEffect[team]);
    const mf = score(base - 2);
    const ms = score(base - 2 + teamEffect[(team * 7) % 400]);
    buf += `S${String(i + 1).padStart(7, '0')},School ${1 + (team % 40)},Team ${team + 1},${el},${swd},${frl},${rf},${rs},${mf},${ms}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => ws.end(r));
}

module.exports = { mulberry32, generateBenchCsv };

if (require.main === module) {
  const [rows, out, seed] = process.argv.slice(2);
  if (!rows || !out) {
    console.error('usage: node bench/generate.cjs ROWS OUT.csv [SEED]');
    process.exit(2);
  }
  generateBenchCsv(Number(rows), out, seed ? Number(seed) : undefined).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

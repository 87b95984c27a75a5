// yauzl/yazl (Node's zlib underneath) against fflate (deflate in JavaScript), for the zip swap
// of issue 15: reading every part of a large .xlsx from its file, and writing a workbook's parts
// (taken from a written --out workbook) into a new zip at level 6. Runs alternate, five each;
// prints the median ms of each. Usage: node bench/zip-libs.cjs WORKBOOK.xlsx [runs]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const yauzl = require('yauzl');
const yazl = require('yazl');
const fflate = require('fflate');

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 5);

function readYauzl() {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(err);
      let total = 0;
      zip.on('entry', (e) =>
        zip.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          s.on('data', (c) => (total += c.length));
          s.on('end', () => zip.readEntry());
          s.on('error', reject);
        }),
      );
      zip.on('end', () => resolve(total));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** fflate's own streaming reader over the file's bytes in 64 KB reads (it has no directory access). */
function readFflate() {
  return new Promise((resolve, reject) => {
    let total = 0;
    const unzip = new fflate.Unzip((f) => {
      f.ondata = (err, chunk) => (err ? reject(err) : (total += chunk.length));
      f.start();
    });
    unzip.register(fflate.UnzipInflate);
    const s = fs.createReadStream(file, { highWaterMark: 1 << 16 });
    s.on('data', (c) => unzip.push(c));
    s.on('end', () => (unzip.push(new Uint8Array(0), true), resolve(total)));
    s.on('error', reject);
  });
}

const parts = [];
function loadParts() {
  const all = fflate.unzipSync(fs.readFileSync(file));
  for (const [name, data] of Object.entries(all)) parts.push([name, Buffer.from(data)]);
}

function pieces(buf) {
  const out = [];
  for (let i = 0; i < buf.length; i += 1 << 16) out.push(buf.subarray(i, i + (1 << 16)));
  return out;
}

function writeYazl(out) {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, data] of parts) {
      const { Readable } = require('node:stream');
      if (name.endsWith('/')) {
        z.addEmptyDirectory(name, { mtime: new Date(1980, 0, 1) });
        continue;
      }
      z.addReadStream(Readable.from(pieces(data)), name, {
        compressionLevel: 6,
        mtime: new Date(1980, 0, 1),
      });
    }
    z.end();
    z.outputStream.pipe(fs.createWriteStream(out)).on('close', resolve).on('error', reject);
  });
}

function writeFflate(out) {
  return new Promise((resolve, reject) => {
    const ws = fs.createWriteStream(out);
    const zip = new fflate.Zip((err, chunk, final) => {
      if (err) return reject(err);
      ws.write(chunk);
      if (final) ws.end(resolve);
    });
    for (const [name, data] of parts) {
      const f = new fflate.ZipDeflate(name, { level: 6 });
      zip.add(f);
      const ps = pieces(data);
      ps.forEach((p, i) => f.push(p, i === ps.length - 1));
      if (!ps.length) f.push(new Uint8Array(0), true);
    }
    zip.end();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

(async () => {
  loadParts();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-libs-'));
  const t = { readYauzl: [], readFflate: [], writeYazl: [], writeFflate: [] };
  for (let i = 0; i < runs; i++) {
    t.readYauzl.push(await time(readYauzl));
    t.readFflate.push(await time(readFflate));
    t.writeYazl.push(await time(() => writeYazl(path.join(tmp, 'a.zip'))));
    t.writeFflate.push(await time(() => writeFflate(path.join(tmp, 'b.zip'))));
  }
  const sizes = {
    yazl: fs.statSync(path.join(tmp, 'a.zip')).size,
    fflate: fs.statSync(path.join(tmp, 'b.zip')).size,
  };
  fs.rmSync(tmp, { recursive: true });
  const res = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(median(v))]));
  console.log(JSON.stringify({ file, runs, medianMs: res, all: t, sizes, load: os.loadavg() }));
})();

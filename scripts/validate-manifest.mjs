#!/usr/bin/env node
/**
 * Checks the add-in manifest offline, before Office or xmllint ever sees it: the mistakes that
 * make a sideload fail silently or an upload get rejected, each reported with the element and
 * line it is on.
 *
 *   - XML well-formed (a small strict parser: no dependency, no network);
 *   - OfficeApp's children present and in the order the XSD sequence requires
 *     (OfficeApp base type, then TaskPaneApp's extension);
 *   - every resid referenced is defined in Resources, of the right kind (an icon names a
 *     bt:Image, a location a bt:Url, a label a ShortString, a description a LongString), and
 *     every resource id is at most 32 characters and unique;
 *   - every URL is https;
 *   - every icon under https://localhost:3000/ exists in assets/ as a PNG of the declared size;
 *   - Id is a GUID.
 *
 * The schema itself is checked by scripts/xmllint-manifest.sh when the XSDs are present.
 *
 * Usage: node scripts/validate-manifest.mjs [manifest.xml]   (default: the repository's)
 * Exit:  0 valid, 1 problems (each printed on stderr), 2 the file cannot be read.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEV_ORIGIN = 'https://localhost:3000/';
const MAX_RESID = 32;

/** OfficeApp's children in XSD order: [name, required]. Base type first, then TaskPaneApp. */
const OFFICE_APP_SEQUENCE = [
  ['Id', true],
  ['AlternateId', false],
  ['Version', true],
  ['ProviderName', true],
  ['DefaultLocale', true],
  ['DisplayName', true],
  ['Description', true],
  ['IconUrl', false],
  ['HighResolutionIconUrl', false],
  ['SupportUrl', false],
  ['AppDomains', false],
  ['Hosts', false],
  ['Requirements', false],
  ['DefaultSettings', true],
  ['Permissions', true],
  ['Dictionary', false],
  ['VersionOverrides', false],
  ['Signature', false],
];

/** Which Resources list a resid must come from, by the referring element's local name. */
const RESID_KIND = {
  Image: 'Images',
  SourceLocation: 'Urls',
  FunctionFile: 'Urls',
  LearnMoreUrl: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Namespace: 'ShortStrings',
  Description: 'LongStrings',
};

/** Top-level icons and the pixel size Office expects of each. */
const TOP_ICON_SIZE = { IconUrl: 32, HighResolutionIconUrl: 64 };

class XmlError extends Error {
  constructor(message, line) {
    super(message);
    this.line = line;
  }
}

/**
 * Parses XML strictly enough to call it well-formed for a manifest: one root, matched tags,
 * quoted unique attributes, valid entity references, comments without "--", no DOCTYPE.
 * Returns the root element as { name, local, attrs, children, text, line }.
 */
export function parseXml(text) {
  let pos = 0;
  let line = 1;
  const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
  const advance = (to) => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const checkEntities = (s, where) => {
    const re = /&([^;&\s<]*);?/g;
    for (let m; (m = re.exec(s));) {
      if (!/^&(lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);$/.test(m[0])) {
        throw new XmlError(`bad entity reference "${m[0]}" in ${where} (write & as &amp;)`, line);
      }
    }
  };
  const decode = (s) =>
    s
      .replace(/&#x([0-9A-Fa-f]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
      .replace(/&(lt|gt|quot|apos);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'" })[e])
      .replace(/&amp;/g, '&');

  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const stack = [];
  let rootEl = null;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt === -1 ? text.length : lt);
    if (chunk.length) {
      if (stack.length === 0) {
        if (chunk.trim()) throw new XmlError('text outside the root element', line);
      } else {
        checkEntities(chunk, `the text of <${stack.at(-1).name}>`);
        stack.at(-1).text += decode(chunk);
      }
      advance(pos + chunk.length);
    }
    if (lt === -1) break;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end === -1) throw new XmlError('comment not closed', line);
      if (text.slice(pos + 4, end).includes('--'))
        throw new XmlError('"--" inside a comment', line);
      advance(end + 3);
    } else if (text.startsWith('<![CDATA[', pos)) {
      if (!stack.length) throw new XmlError('CDATA outside the root element', line);
      const end = text.indexOf(']]>', pos);
      if (end === -1) throw new XmlError('CDATA section not closed', line);
      stack.at(-1).text += text.slice(pos + 9, end);
      advance(end + 3);
    } else if (text.startsWith('<!', pos)) {
      throw new XmlError('DOCTYPE and other declarations are not allowed in a manifest', line);
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end === -1) throw new XmlError('processing instruction not closed', line);
      if (
        /^<\?xml[\s?]/i.test(text.slice(pos, pos + 6)) &&
        pos > (text.charCodeAt(0) === 0xfeff ? 1 : 0)
      ) {
        throw new XmlError(
          'the <?xml …?> declaration must be the very first thing in the file',
          line,
        );
      }
      advance(end + 2);
    } else if (text.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const m = NAME.exec(text);
      if (!m) throw new XmlError('bad closing tag', line);
      const close = text.indexOf('>', NAME.lastIndex);
      if (close === -1 || text.slice(NAME.lastIndex, close).trim()) {
        throw new XmlError(`bad closing tag </${m[0]}`, line);
      }
      const open = stack.pop();
      if (!open) throw new XmlError(`closing tag </${m[0]}> without an opening tag`, line);
      if (open.name !== m[0]) {
        throw new XmlError(`</${m[0]}> closes <${open.name}> opened on line ${open.line}`, line);
      }
      advance(close + 1);
    } else {
      NAME.lastIndex = pos + 1;
      const m = NAME.exec(text);
      if (!m) throw new XmlError('"<" that does not start a tag (write it as &lt;)', line);
      const el = {
        name: m[0],
        local: m[0].split(':').at(-1),
        attrs: {},
        children: [],
        text: '',
        line,
      };
      let p = NAME.lastIndex;
      let selfClosing = false;
      for (;;) {
        const ws = /\s*/y;
        ws.lastIndex = p;
        const hadSpace = ws.exec(text)[0].length > 0;
        p = ws.lastIndex;
        if (text.startsWith('/>', p)) {
          selfClosing = true;
          p += 2;
          break;
        }
        if (text[p] === '>') {
          p += 1;
          break;
        }
        if (p >= text.length) throw new XmlError(`tag <${el.name}> not closed`, line);
        NAME.lastIndex = p;
        const a = NAME.exec(text);
        if (!a || !hadSpace) throw new XmlError(`bad attribute syntax in <${el.name}>`, line);
        const eq = /\s*=\s*(["'])/y;
        eq.lastIndex = NAME.lastIndex;
        const q = eq.exec(text);
        if (!q) throw new XmlError(`attribute ${a[0]} of <${el.name}> needs a quoted value`, line);
        const end = text.indexOf(q[1], eq.lastIndex);
        if (end === -1) throw new XmlError(`attribute ${a[0]} of <${el.name}> not closed`, line);
        const raw = text.slice(eq.lastIndex, end);
        if (raw.includes('<'))
          throw new XmlError(`"<" inside attribute ${a[0]} of <${el.name}>`, line);
        if (a[0] in el.attrs)
          throw new XmlError(`attribute ${a[0]} repeated in <${el.name}>`, line);
        checkEntities(raw, `attribute ${a[0]} of <${el.name}>`);
        el.attrs[a[0]] = decode(raw);
        p = end + 1;
      }
      if (stack.length) stack.at(-1).children.push(el);
      else if (rootEl) throw new XmlError(`a second root element <${el.name}>`, line);
      else rootEl = el;
      if (!selfClosing) stack.push(el);
      advance(p);
    }
  }
  if (stack.length)
    throw new XmlError(
      `<${stack.at(-1).name}> opened on line ${stack.at(-1).line} is never closed`,
      line,
    );
  if (!rootEl) throw new XmlError('no root element', line);
  return rootEl;
}

/** Every element below el (el included), each with its ancestors' local names. */
function* walk(el, ancestors = []) {
  yield { el, ancestors };
  for (const c of el.children) yield* walk(c, [...ancestors, el.local]);
}

/** Width and height of a PNG file, or null when it is not a PNG. */
function pngSize(file) {
  const b = readFileSync(file);
  const sig = '89504e470d0a1a0a';
  if (b.length < 24 || b.subarray(0, 8).toString('hex') !== sig) return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * Checks a manifest's text. Returns a list of problems, each "line N: <Element> what is wrong".
 * assetsDir is where https://localhost:3000/assets/... icons must exist.
 */
export function validateManifest(text, assetsDir = join(root, 'assets')) {
  const problems = [];
  const at = (el, msg) => problems.push(`line ${el.line}: <${el.name}> ${msg}`);
  let rootEl;
  try {
    rootEl = parseXml(text);
  } catch (e) {
    if (e instanceof XmlError) return [`line ${e.line}: not well-formed XML: ${e.message}`];
    throw e;
  }
  if (rootEl.local !== 'OfficeApp') {
    return [`line ${rootEl.line}: the root element must be <OfficeApp>, not <${rootEl.name}>`];
  }

  // Order and presence of OfficeApp's children (the XSD sequence).
  const order = new Map(OFFICE_APP_SEQUENCE.map(([n], i) => [n, i]));
  let last = -1;
  let lastName = '';
  const seen = new Set();
  for (const c of rootEl.children) {
    const i = order.get(c.local);
    if (i === undefined) {
      at(c, `is not an element OfficeApp (TaskPaneApp) allows here`);
      continue;
    }
    if (seen.has(c.local)) at(c, 'appears twice');
    else if (i < last)
      at(
        c,
        `must come before <${lastName}> (XSD order: ${OFFICE_APP_SEQUENCE.map(([n]) => n).join(', ')})`,
      );
    seen.add(c.local);
    if (i > last) {
      last = i;
      lastName = c.name;
    }
  }
  for (const [n, required] of OFFICE_APP_SEQUENCE) {
    if (required && !seen.has(n))
      problems.push(`line ${rootEl.line}: <OfficeApp> has no <${n}> (required)`);
  }

  // Id is a GUID.
  const id = rootEl.children.find((c) => c.local === 'Id');
  if (
    id &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id.text.trim())
  ) {
    at(id, `"${id.text.trim()}" is not a GUID (like 9181e5b1-9901-41f5-9e6e-61aa740054b0)`);
  }

  // Resources: id → kind, each id ≤ 32 characters and unique.
  const defined = new Map();
  for (const { el, ancestors } of walk(rootEl)) {
    const kind = ancestors.at(-1);
    if (
      !ancestors.includes('Resources') ||
      !['Images', 'Urls', 'ShortStrings', 'LongStrings'].includes(kind)
    )
      continue;
    const rid = el.attrs.id;
    if (rid === undefined) {
      at(el, `in <${kind}> has no id`);
      continue;
    }
    if (rid.length > MAX_RESID)
      at(el, `id "${rid}" is ${rid.length} characters; Office allows at most ${MAX_RESID}`);
    if (defined.has(rid)) at(el, `id "${rid}" is defined twice`);
    defined.set(rid, kind);
  }

  // Every resid referenced is defined, of the kind its element needs.
  for (const { el } of walk(rootEl)) {
    const rid = el.attrs.resid;
    if (rid === undefined) continue;
    if (rid.length > MAX_RESID)
      at(el, `resid "${rid}" is ${rid.length} characters; Office allows at most ${MAX_RESID}`);
    const kind = defined.get(rid);
    if (kind === undefined) {
      at(el, `resid "${rid}" is not defined in <Resources>`);
    } else if (RESID_KIND[el.local] && RESID_KIND[el.local] !== kind) {
      at(
        el,
        `resid "${rid}" is defined in <bt:${kind}> but <${el.local}> needs one from <bt:${RESID_KIND[el.local]}>`,
      );
    }
  }

  // Every URL is https; icons under the development origin exist in assets/ at their size.
  for (const { el, ancestors } of walk(rootEl)) {
    const values = [];
    for (const [k, v] of Object.entries(el.attrs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue; // namespace names, never fetched
      values.push(v);
    }
    if (!el.children.length && el.text.trim()) values.push(el.text.trim());
    for (const v of values) {
      if (/^(https?|ftp|file|data|javascript):/i.test(v) && !/^https:\/\/[^/\s]+/i.test(v)) {
        at(el, `URL "${v}" must be https`);
      }
    }
    const isImage = el.local === 'Image' && ancestors.at(-1) === 'Images';
    const isTopIcon = el.local in TOP_ICON_SIZE && ancestors.length === 1;
    if (!isImage && !isTopIcon) continue;
    const url = el.attrs.DefaultValue ?? '';
    if (!url.startsWith(DEV_ORIGIN)) continue;
    const rel = decodeURIComponent(url.slice(DEV_ORIGIN.length).split(/[?#]/)[0]);
    if (!rel.startsWith('assets/') || rel.includes('..')) {
      at(el, `icon "${url}" must be under ${DEV_ORIGIN}assets/`);
      continue;
    }
    const file = join(assetsDir, rel.slice('assets/'.length));
    if (!existsSync(file)) {
      at(el, `icon "${url}" has no file ${file}`);
      continue;
    }
    const size = pngSize(file);
    if (!size) {
      at(el, `icon "${url}" is not a PNG file`);
      continue;
    }
    if (isTopIcon) {
      const want = TOP_ICON_SIZE[el.local];
      if (size.width !== want || size.height !== want) {
        at(el, `icon "${url}" is ${size.width}×${size.height} px; Office expects ${want}×${want}`);
      }
    }
  }
  // bt:Image ids are referenced from <bt:Image size="N" resid=…> inside <Icon>: sizes must match.
  const imageFiles = new Map();
  for (const { el, ancestors } of walk(rootEl)) {
    if (el.local === 'Image' && ancestors.at(-1) === 'Images')
      imageFiles.set(el.attrs.id, el.attrs.DefaultValue ?? '');
  }
  for (const { el, ancestors } of walk(rootEl)) {
    if (el.local !== 'Image' || ancestors.at(-1) !== 'Icon' || !el.attrs.size) continue;
    const url = imageFiles.get(el.attrs.resid);
    if (!url || !url.startsWith(`${DEV_ORIGIN}assets/`)) continue;
    const file = join(assetsDir, url.slice(`${DEV_ORIGIN}assets/`.length));
    const size = existsSync(file) ? pngSize(file) : null;
    const want = Number(el.attrs.size);
    if (size && (size.width !== want || size.height !== want)) {
      at(el, `size="${want}" names "${url}", which is ${size.width}×${size.height} px`);
    }
  }
  return problems;
}

function main(argv) {
  const file = resolve(argv[0] ?? join(root, 'manifest.xml'));
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`validate-manifest: cannot read ${file}: ${e.message}\n`);
    return 2;
  }
  const problems = validateManifest(text);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${file}:${p.replace(/^line /, '')}\n`);
    process.stderr.write(`validate-manifest: ${problems.length} problem(s) in ${file}\n`);
    return 1;
  }
  process.stdout.write(
    `validate-manifest: ${file} is well-formed, ordered, resids defined, https, icons present, GUID id\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}

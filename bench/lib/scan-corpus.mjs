/**
 * The scan bench's corpus, generated deterministically from a seeded PRNG and cached in
 * bench/.tmp (git-ignored): a tree of ≥ 20,000 files / ≥ 300 MiB shaped like a real
 * project (TS/JS code, JSON and lockfile-style integrity hashes, YAML, .env, Markdown,
 * CSS with data URIs, minified bundles with multi-MB single lines, source maps, base64
 * blobs) and one 100 MiB log file.
 *
 * A known handful of keys is planted. Their bodies are random at generation time (never
 * committed, never printed); only where they are and how many is recorded, in a manifest
 * next to the tree.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sfc32 } from "../../test/support/sfc32.mjs";

/** Bump when the generator changes: a cached tree with another stamp is regenerated. */
export const CORPUS_VERSION = "scan-corpus-5";
const SEED = 0x5eed2025;

export const MIN_FILES = 20_000;
export const MIN_BYTES = 300 * 1024 * 1024;
export const BIG_FILE_BYTES = 100 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// Seeded PRNG (sfc32) and helpers.

class Random {
  constructor(seed) {
    this.next32 = sfc32(seed, 16);
  }
  float() {
    return this.next32() / 4294967296;
  }
  int(min, max) {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  pick(list) {
    return list[this.next32() % list.length];
  }
  chance(p) {
    return this.float() < p;
  }
  bytes(n) {
    const buffer = Buffer.allocUnsafe(n + 4);
    for (let i = 0; i < n; i += 4) buffer.writeUInt32LE(this.next32(), i);
    return buffer.subarray(0, n);
  }
  base64(n) {
    return this.bytes(Math.ceil((n * 3) / 4) + 3).toString("base64").slice(0, n);
  }
  hex(n) {
    return this.bytes(Math.ceil(n / 2)).toString("hex").slice(0, n);
  }
  /** Log-uniform size between min and max: many small files, a few big ones. */
  size(min, max) {
    return Math.round(Math.exp(Math.log(min) + this.float() * (Math.log(max) - Math.log(min))));
  }
}

// Words of real code, including the `…sk_`/`…rk-` shapes (task_id, dark-mode) that the
// scanner's literal pre-filter has to look at and reject.
const WORDS = (
  "user account order item price total count index value result error status config " +
  "request response handler client server cache store state event message payload " +
  "token session route path query params headers body data list map set key name " +
  "id type kind mode level limit offset page size time date start end retry timeout " +
  "task network bookmark " +
  "queue worker job batch stream buffer chunk file folder upload download image video " +
  "theme color button input form field label modal dialog toast menu panel card grid " +
  "render update create delete fetch load save parse format validate compute resolve"
).split(" ");
const TYPES = ["string", "number", "boolean", "Date", "unknown", "Record<string, number>", "string[]", "Promise<void>"];
const SK_SHAPES = ["task_id", "disk_usage", "mask_token", "risk-score", "dark-mode", "work_dir", "network-error", "bookmark_list", "fork-count", "desk_slot"];

function camel(r, n = r.int(1, 3)) {
  let s = r.pick(WORDS);
  for (let i = 1; i < n; i++) {
    const w = r.pick(WORDS);
    s += w[0].toUpperCase() + w.slice(1);
  }
  return s;
}
function pascal(r) {
  const s = camel(r);
  return s[0].toUpperCase() + s.slice(1);
}
/** A word, now and then one of the `…sk_…` shapes (a few hundred per MB, several times real code's rate). */
function skWord(r) {
  return r.chance(0.03) ? r.pick(SK_SHAPES) : r.pick(WORDS);
}
function snake(r) {
  return `${skWord(r)}_${r.pick(WORDS)}`;
}
function sentence(r, n = r.int(4, 14)) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.pick(WORDS));
  return out.join(" ");
}

// ---------------------------------------------------------------------------------------
// File kinds.

function codeFile(r, target, typescript) {
  const lines = [];
  let size = 0;
  const push = (line) => {
    lines.push(line);
    size += line.length + 1;
  };
  push(`// ${sentence(r)}`);
  for (let i = r.int(1, 6); i > 0; i--) push(`import { ${camel(r)}, ${camel(r)} } from "./${r.pick(WORDS)}-${r.pick(WORDS)}.js";`);
  push("");
  while (size < target) {
    const fn = camel(r, 2);
    const a = camel(r, 1);
    const b = camel(r, 1);
    switch (r.int(0, 5)) {
      case 0:
        push(typescript ? `export interface ${pascal(r)} {` : `/** @typedef {object} ${pascal(r)} */`);
        for (let i = r.int(2, 7); i > 0; i--) push(typescript ? `  readonly ${camel(r)}: ${r.pick(TYPES)};` : ` * @property {${r.pick(TYPES)}} ${camel(r)}`);
        push(typescript ? "}" : " */");
        break;
      case 1:
        push(`const ${snake(r).toUpperCase()} = "${r.pick(["https://api.", "wss://", "/v1/"])}${r.pick(WORDS)}.example.com/${r.pick(WORDS)}/${skWord(r)}";`);
        break;
      case 2:
        push(`/**`);
        for (let i = r.int(1, 4); i > 0; i--) push(` * ${sentence(r)}`);
        push(` */`);
        break;
      default:
        push(`export ${r.chance(0.3) ? "async " : ""}function ${fn}(${a}${typescript ? `: ${r.pick(TYPES)}` : ""}, ${b}) {`);
        for (let i = r.int(2, 12); i > 0; i--) {
          switch (r.int(0, 4)) {
            case 0:
              push(`  const ${camel(r)} = ${a}.${camel(r)}.map((${b}) => ${b}.${camel(r)} * ${r.int(2, 1000)});`);
              break;
            case 1:
              push(`  if (${a}.${camel(r)} > ${r.int(0, 99)}) throw new Error("${sentence(r, r.int(3, 8))}");`);
              break;
            case 2:
              push(`  ${camel(r)}.${r.pick(["push", "set", "add", "emit"])}({ ${snake(r)}: ${b}, "${skWord(r)}": ${r.int(0, 1e6)} });`);
              break;
            case 3:
              push(`  // ${sentence(r)}`);
              break;
            default:
              push(`  return ${camel(r)}(${a}, "${r.pick(WORDS)}-${r.hex(8)}", ${b}?.${camel(r)} ?? null);`);
          }
        }
        push("}");
        push("");
    }
  }
  return lines.join("\n") + "\n";
}

function jsonFile(r, target) {
  const parts = [];
  let size = 0;
  const lockfile = r.chance(0.35);
  parts.push(lockfile ? `{\n  "name": "${r.pick(WORDS)}-${r.pick(WORDS)}",\n  "lockfileVersion": 3,\n  "packages": {` : "{");
  let first = true;
  while (size < target) {
    let entry;
    if (lockfile) {
      const name = `${r.pick(WORDS)}-${r.pick(WORDS)}`;
      const version = `${r.int(0, 12)}.${r.int(0, 30)}.${r.int(0, 30)}`;
      entry =
        `    "node_modules/${name}": {\n      "version": "${version}",\n` +
        `      "resolved": "https://registry.npmjs.org/${name}/-/${name}-${version}.tgz",\n` +
        `      "integrity": "sha512-${r.base64(86)}==",\n      "license": "MIT"\n    }`;
    } else {
      entry = `  "${camel(r)}": { "${snake(r)}": "${sentence(r, r.int(2, 8))}", "count": ${r.int(0, 1e5)}, "enabled": ${r.chance(0.5)}, "id": "${r.hex(24)}" }`;
    }
    parts.push((first ? "" : ",\n") + entry);
    first = false;
    size += entry.length + 2;
  }
  parts.push(lockfile ? "\n  }\n}\n" : "\n}\n");
  return parts.join("");
}

function yamlFile(r, target) {
  const lines = [`apiVersion: apps/v1`, `kind: ${r.pick(["Deployment", "ConfigMap", "Service", "Job"])}`, `metadata:`, `  name: ${r.pick(WORDS)}-${r.pick(WORDS)}`, `spec:`];
  let size = 80;
  while (size < target) {
    const line = `  ${snake(r)}: ${r.chance(0.3) ? `"${r.hex(32)}"` : sentence(r, r.int(1, 5))}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

function envFile(r, target) {
  const lines = [`# ${sentence(r)}`];
  let size = 40;
  while (size < target) {
    const line = `${snake(r).toUpperCase()}=${r.chance(0.5) ? r.hex(32) : `https://${r.pick(WORDS)}.example.com/${r.pick(WORDS)}`}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

function markdownFile(r, target) {
  const lines = [`# ${pascal(r)}`, ""];
  let size = 20;
  while (size < target) {
    const line = r.chance(0.15) ? "```js\n" + `${camel(r)}(${r.int(0, 9)}, "${skWord(r)}");\n` + "```" : sentence(r, r.int(10, 40)) + ".";
    lines.push(line, "");
    size += line.length + 2;
  }
  return lines.join("\n");
}

function cssFile(r, target, dataUris) {
  const lines = [];
  let size = 0;
  while (size < target) {
    let line = `.${skWord(r)}-${r.pick(WORDS)} { color: #${r.hex(6)}; margin: ${r.int(0, 40)}px ${r.int(0, 40)}px; }`;
    if (dataUris && r.chance(0.02)) line = `.${r.pick(WORDS)}-icon { background: url(data:image/png;base64,${r.base64(r.size(2_000, 400_000))}); }`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

const MINIFIED_SNIPPETS = (() => {
  const r = new Random(SEED ^ 0x1234);
  const out = [];
  for (let i = 0; i < 4000; i++) {
    const v = () => String.fromCharCode(97 + r.int(0, 25)) + (r.chance(0.3) ? String.fromCharCode(65 + r.int(0, 25)) : "");
    switch (r.int(0, 5)) {
      case 0:
        out.push(`function ${v()}(${v()},${v()}){return ${v()}.map(function(${v()}){return ${v()}*${r.int(1, 99)}})}`);
        break;
      case 1:
        out.push(`var ${v()}="${sentence(r, r.int(2, 9))}",${v()}={${snake(r)}:${r.int(0, 999)},${camel(r)}:!${r.int(0, 1)}};`);
        break;
      case 2:
        out.push(`${v()}.prototype.${camel(r)}=function(${v()}){if(!${v()})throw new TypeError("${sentence(r, 4)}");this.${camel(r)}=${v()}};`);
        break;
      case 3:
        out.push(`${v()}("${r.pick(WORDS)}-${r.hex(6)}",[${r.int(0, 9)},${r.int(0, 9)},"${skWord(r)}"]);`);
        break;
      case 4:
        out.push(`/*#__PURE__*/${v()}.createElement("div",{className:"${skWord(r)} ${r.pick(WORDS)}-${r.pick(WORDS)}"},${v()});`);
        break;
      default:
        out.push(`for(var ${v()}=0;${v()}<${v()}.length;${v()}++)${v()}[${v()}]=${v()}[${v()}]^${r.int(0, 255)};`);
    }
  }
  return out;
})();

function minifiedBundle(r, target, insert) {
  const parts = ["!function(){"];
  let size = 12;
  let inserted = insert === undefined;
  while (size < target) {
    const s = r.pick(MINIFIED_SNIPPETS);
    parts.push(s);
    size += s.length;
    if (!inserted && size > target / 2) {
      parts.push(insert);
      inserted = true;
    }
  }
  parts.push("}();\n");
  if (r.chance(0.5)) parts.push(`//# sourceMappingURL=data:application/json;base64,${r.base64(r.size(10_000, 200_000))}\n`);
  return parts.join("");
}

function sourceMap(r, target) {
  const segments = [];
  let size = 0;
  while (size < target) {
    let line = "";
    for (let i = r.int(5, 60); i > 0; i--) line += r.base64(r.int(4, 6)).replace(/[+/]/g, "A") + ",";
    segments.push(line.slice(0, -1));
    size += line.length + 1;
  }
  return `{"version":3,"file":"bundle.min.js","sources":["src/index.ts"],"names":[],"mappings":"${segments.join(";")}"}\n`;
}

// ---------------------------------------------------------------------------------------
// Keys: random at generation time, checked against the grammar so each is a finding.

function makeKey(core, separator) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (;;) {
    let body = "";
    for (const byte of randomBytes(64)) if (byte < 248 && body.length < 32) body += alphabet[byte % 62];
    if (body.length < 32) continue;
    const key = `sk${separator}${body}`;
    const c = core.classifyToken(key);
    if (c && "kind" in c && c.kind === "roxels-secret") return key;
  }
}

// ---------------------------------------------------------------------------------------
// The tree.

/** Kinds, counts and sizes of the ordinary files: ~21,000 files, ~200 MiB. */
const PLAN = [
  { kind: "ts", count: 7000, min: 300, max: 50_000 },
  { kind: "js", count: 5000, min: 300, max: 50_000 },
  { kind: "json", count: 4000, min: 200, max: 60_000 },
  { kind: "yaml", count: 1500, min: 200, max: 8_000 },
  { kind: "env", count: 400, min: 60, max: 1_500 },
  { kind: "md", count: 2200, min: 300, max: 30_000 },
  { kind: "css", count: 900, min: 300, max: 20_000 },
];
/** The big ones: minified bundles (one line of a few MB), source maps, base64 blobs. */
const BIG = [
  { kind: "bundle", count: 34, min: 2_000_000, max: 5_500_000 },
  { kind: "map", count: 20, min: 500_000, max: 2_500_000 },
  { kind: "b64", count: 8, min: 200_000, max: 2_000_000 },
  { kind: "css-data", count: 10, min: 100_000, max: 1_500_000 },
];

const EXT = { ts: "ts", js: "js", json: "json", yaml: "yaml", env: "env", md: "md", css: "css" };

function ordinaryPath(r, kind, i) {
  const pkg = `packages/pkg-${String(i % 180).padStart(3, "0")}`;
  const sub = r.pick(["src", "src/lib", "src/components", "src/server", "test", "scripts", "config", "docs"]);
  const name = `${r.pick(WORDS)}-${r.pick(WORDS)}-${i}`;
  if (kind === "env") return `${pkg}/${name}.env`;
  if (kind === "md") return `${pkg}/docs/${name}.md`;
  return `${pkg}/${sub}/${name}.${EXT[kind]}`;
}

/**
 * Planted keys: where, and the grammar form. `expect` lists each file with the number of
 * findings roxels-guard must report there.
 */
function plantedFiles(core) {
  const k = () => makeKey(core, "_");
  const k2 = () => makeKey(core, "-");
  const files = [];
  const r = new Random(SEED ^ 0xbeef);
  files.push({ path: "services/billing/.env", text: `${envFile(r, 600)}ROXELS_SECRET_KEY=${k()}\n${envFile(r, 300)}`, findings: 1 });
  files.push({
    path: "packages/pkg-042/src/client/roxels-client.ts",
    text: `${codeFile(r, 4000, true)}\nconst apiKey = "${k2()}";\n${codeFile(r, 3000, true)}`,
    findings: 1,
  });
  files.push({ path: "config/app.production.json", text: `{\n  "region": "eu-west-1",\n  "roxelsKey": "${k()}",\n  "retries": 3\n}\n`, findings: 1 });
  files.push({ path: "dist/app-bundle.min.js", text: minifiedBundle(r, 3_000_000, `var cfg={roxelsKey:"${k()}",region:"eu"};`), findings: 1 });
  files.push({
    path: "deploy/k8s/roxels-secret.yaml",
    text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: roxels\ntype: Opaque\ndata:\n  ROXELS_SECRET_KEY: ${Buffer.from(k()).toString("base64")}\n`,
    findings: 1,
  });
  files.push({
    path: "config/windows/roxels.ini",
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`[roxels]\r\nregion=eu\r\nsecret_key=${k()}\r\n`, "utf16le")]),
    findings: 1,
  });
  // Decoys that are not findings: placeholders, a redacted display, an embed key, a
  // Stripe-shaped test string with words. roxels-guard must stay silent on these.
  files.push({
    path: "docs/getting-started.md",
    text:
      `# Getting started\n\nSet ROXELS_SECRET_KEY=sk_your_key_here_0000 in your .env.\n\n` +
      `Example: sk_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n\nYour key looks like ${k().slice(0, 8)}… in the dashboard.\n\n` +
      `Browser: rk_${randomBytes(24).toString("hex").slice(0, 32)}\n`,
    findings: 0,
  });
  return files;
}

function bigFile(core, r) {
  // A log file: short lines, with a key straddling the first 4 MiB chunk boundary and one
  // near the end, so chunking must neither cut a key nor lose one.
  const keys = [makeKey(core, "_"), makeKey(core, "-")];
  const chunks = [];
  let size = 0;
  let planted = 0;
  const boundary = 4 * 1024 * 1024;
  while (size < BIG_FILE_BYTES) {
    let line = `2025-0${r.int(1, 9)}-1${r.int(0, 9)}T12:${r.int(10, 59)}:${r.int(10, 59)}Z ${r.pick(["INFO", "WARN", "DEBUG"])} [${r.pick(SK_SHAPES)}] ${sentence(r, r.int(4, 16))} id=${r.hex(16)}\n`;
    if (planted === 0 && size + line.length + 60 > boundary) {
      const prefix = `auth ok key=`;
      const pad = boundary - size - prefix.length - 10;
      line = `${"x".repeat(Math.max(0, pad))} ${prefix}${keys[0]} done\n`;
      planted++;
    } else if (planted === 1 && size > BIG_FILE_BYTES - 10_000) {
      line = `config dump: {"roxels":"${keys[1]}"}\n`;
      planted++;
    }
    chunks.push(line);
    size += line.length;
  }
  return { text: chunks.join("").slice(0, BIG_FILE_BYTES - 1) + "\n", findings: 2 };
}

/**
 * Make sure the corpus exists under `dir` (the tree in dir/tree, the big file in
 * dir/big/app.log), regenerating it when the stamp differs. Returns the manifest.
 */
export function ensureCorpus(dir, core, log = () => {}) {
  const stampFile = path.join(dir, "stamp.json");
  const manifestFile = path.join(dir, "manifest.json");
  const stamp = JSON.stringify({ version: CORPUS_VERSION, seed: SEED });
  if (existsSync(stampFile) && existsSync(manifestFile) && readFileSync(stampFile, "utf8") === stamp) {
    return JSON.parse(readFileSync(manifestFile, "utf8"));
  }
  log(`generating the scan corpus in ${path.relative(process.cwd(), dir)} (once; cached by version stamp)…`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  const tree = path.join(dir, "tree");
  const made = new Set();
  let files = 0;
  let bytes = 0;
  const write = (relative, content) => {
    const absolute = path.join(tree, relative);
    const parent = path.dirname(absolute);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(absolute, content);
    files++;
    bytes += Buffer.byteLength(content);
  };

  const r = new Random(SEED);
  let index = 0;
  for (const { kind, count, min, max } of PLAN) {
    for (let i = 0; i < count; i++, index++) {
      const target = r.size(min, max);
      const relative = ordinaryPath(r, kind, index);
      let content;
      if (kind === "ts" || kind === "js") content = codeFile(r, target, kind === "ts");
      else if (kind === "json") content = jsonFile(r, target);
      else if (kind === "yaml") content = yamlFile(r, target);
      else if (kind === "env") content = envFile(r, target);
      else if (kind === "md") content = markdownFile(r, target);
      else content = cssFile(r, target, false);
      write(relative, content);
    }
  }
  for (const { kind, count, min, max } of BIG) {
    for (let i = 0; i < count; i++) {
      const target = r.size(min, max);
      if (kind === "bundle") write(`dist/chunks/chunk-${i}.${r.hex(8)}.min.js`, minifiedBundle(r, target));
      else if (kind === "map") write(`dist/chunks/chunk-${i}.min.js.map`, sourceMap(r, target));
      else if (kind === "b64") write(`assets/blobs/blob-${i}.b64`, `${r.base64(target).replace(/(.{76})/g, i % 2 ? "$1\n" : "$1")}\n`);
      else write(`assets/styles/theme-${i}.css`, cssFile(r, target, true));
    }
  }
  const expected = [];
  for (const planted of plantedFiles(core)) {
    write(planted.path, planted.bytes ?? planted.text);
    expected.push({ path: planted.path, findings: planted.findings });
  }
  const big = bigFile(core, new Random(SEED ^ 0xb16));
  mkdirSync(path.join(dir, "big"), { recursive: true });
  writeFileSync(path.join(dir, "big", "app.log"), big.text, "latin1");

  if (files < MIN_FILES || bytes < MIN_BYTES) throw new Error(`corpus too small: ${files} files, ${bytes} bytes`);
  const manifest = {
    version: CORPUS_VERSION,
    tree: { files, bytes, expected },
    big: { path: "big/app.log", bytes: Buffer.byteLength(big.text, "latin1"), findings: big.findings },
  };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  writeFileSync(stampFile, stamp);
  log(`generated ${files} files, ${(bytes / 1024 ** 2).toFixed(0)} MiB + a ${(manifest.big.bytes / 1024 ** 2).toFixed(0)} MiB file in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}

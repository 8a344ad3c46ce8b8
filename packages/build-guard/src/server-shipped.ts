/**
 * Parts of a server build that the server sends to every browser, kept there as data:
 *
 *   Astro (SSR)  dist/server/manifest_*.mjs: the scripts and styles Astro inlines into a
 *                page's HTML (`inlinedScripts`, a route's inline scripts and styles). A
 *                small `<script>` is never written to dist/client: it lives only here.
 *   Nuxt         .output/server/chunks/nitro/nitro.mjs: `runtimeConfig.public`, which
 *                every page carries as `window.__NUXT__.config`.
 *
 * Only those parts are read: the rest of these files is server code and private config,
 * where a key is no client leak. Seen in Astro 5.18 and Nuxt 4.3 (Nitro 2.13) builds.
 */
import path from "node:path";
import type { Finding, Suppressed } from "@roxels-guard/scanner";
import { scanText } from "@roxels-guard/scanner";
import type { ScanSettings } from "@roxels-guard/scanner/settings";
import { relativeTo, sinkFor } from "./emitted-scan.js";

export type ShippedKind = "astro-manifest" | "nuxt-runtime-config";

export interface ShippedFile {
  /** Absolute path of the server file. */
  readonly file: string;
  readonly kind: ShippedKind;
}

/** A stretch of the file's text that browsers receive, and the source it came from when known. */
export interface ShippedPart {
  readonly start: number;
  readonly end: number;
  /** Absolute path of the source file (an Astro component). */
  readonly source?: string;
}

/** Keys in the shipped parts of `text`, reported at their place in the server file. */
export function scanShipped(settings: ScanSettings, shipped: ShippedFile, text: string): { findings: Finding[]; suppressed: Suppressed[] } {
  const parts = shipped.kind === "astro-manifest" ? astroInlineParts(text) : nuxtPublicConfig(text);
  if (parts.length === 0) return { findings: [], suppressed: [] };
  const sink = sinkFor(settings);
  // The rest of the text is blanked, not cut out, so that lines and columns stay the file's own.
  scanText(onlyParts(text, parts), { file: relativeTo(settings.cwd, shipped.file), bytewise: false }, sink);
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const findings = sink.findings.map((finding) => {
    const offset = lineStarts[finding.line - 1]! + finding.column - 1;
    const part = parts.find((p) => offset >= p.start && offset < p.end);
    return part?.source ? { ...finding, source: { file: relativeTo(settings.cwd, part.source) } } : finding;
  });
  return { findings, suppressed: sink.suppressed };
}

function onlyParts(text: string, parts: readonly ShippedPart[]): string {
  const keep = new Uint8Array(text.length);
  for (const part of parts) keep.fill(1, part.start, part.end);
  let out = "";
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && keep[i] === keep[from]) continue;
    const run = text.slice(from, i);
    out += keep[from] ? run : run.replace(/[^\n]/g, " ");
    from = i;
  }
  return out;
}

/**
 * Astro's manifest is one `deserializeManifest({...})` call whose argument JSON.stringify
 * wrote; each shipped string is found again by its own JSON form.
 */
export function astroInlineParts(text: string): ShippedPart[] {
  const call = /deserializeManifest\(\s*\{/g;
  let open = -1;
  for (let m = call.exec(text); m !== null; m = call.exec(text)) open = m.index + m[0].length - 1;
  if (open === -1) return [];
  const close = closingBracket(text, open);
  if (close === -1) return [];
  let manifest: AstroManifest;
  try {
    manifest = JSON.parse(text.slice(open, close + 1)) as AstroManifest;
  } catch {
    return [];
  }
  const wanted: Array<{ value: string; source?: string }> = [];
  for (const entry of manifest.inlinedScripts ?? []) {
    if (Array.isArray(entry) && typeof entry[1] === "string") wanted.push({ value: entry[1], ...(typeof entry[0] === "string" ? { source: entry[0].replace(/\?.*$/, "") } : {}) });
  }
  for (const route of manifest.routes ?? []) {
    const component = route.routeData?.component;
    const source = typeof component === "string" ? path.resolve(sourceRoot(manifest), component) : undefined;
    for (const item of [...(route.scripts ?? []), ...(route.styles ?? [])]) {
      const value = item?.type === "inline" ? (item.content ?? item.value) : undefined;
      if (typeof value === "string") wanted.push({ value, ...(source ? { source } : {}) });
    }
  }
  const parts: ShippedPart[] = [];
  for (const { value, source } of wanted) {
    const json = JSON.stringify(value);
    for (let at = text.indexOf(json, open); at !== -1 && at < close; at = text.indexOf(json, at + json.length)) {
      parts.push({ start: at, end: at + json.length, ...(source ? { source } : {}) });
    }
  }
  return parts;
}

interface AstroManifest {
  readonly hrefRoot?: string;
  readonly inlinedScripts?: ReadonlyArray<readonly unknown[]>;
  readonly routes?: ReadonlyArray<{
    readonly routeData?: { readonly component?: unknown };
    readonly scripts?: ReadonlyArray<{ readonly type?: string; readonly value?: unknown; readonly content?: unknown } | null>;
    readonly styles?: ReadonlyArray<{ readonly type?: string; readonly value?: unknown; readonly content?: unknown } | null>;
  }>;
}

/** The project folder Astro names its components from (`hrefRoot`, a file URL). */
function sourceRoot(manifest: AstroManifest): string {
  return manifest.hrefRoot?.startsWith("file://") ? decodeURIComponent(new URL(manifest.hrefRoot).pathname) : ".";
}

/** Nitro inlines the runtime config as `const _inlineRuntimeConfig = {...}`; its `public` member ships. */
export function nuxtPublicConfig(text: string): ShippedPart[] {
  const declaration = /_inlineRuntimeConfig\s*=\s*\{/.exec(text);
  if (!declaration) return [];
  const open = declaration.index + declaration[0].length - 1;
  const value = memberValue(text, open, "public");
  return value ? [value] : [];
}

/** The span of the value of `key`, a direct member of the object opened at `open`. */
function memberValue(text: string, open: number, key: string): ShippedPart | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end === -1) return null;
      if (depth === 1 && text.slice(i + 1, end) === key) {
        const colon = /^\s*:\s*/.exec(text.slice(end + 1, end + 64));
        const start = colon ? end + 1 + colon[0].length : -1;
        if (start !== -1 && (text[start] === "{" || text[start] === "[")) {
          const close = closingBracket(text, start);
          return close === -1 ? null : { start, end: close + 1 };
        }
      }
      i = end;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return null;
    }
  }
  return null;
}

/** The bracket that closes the one at `open`, strings skipped; -1 when the text ends first. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
      if (i === -1) return -1;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The quote that ends the JSON string starting at `quote`. */
function stringEnd(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

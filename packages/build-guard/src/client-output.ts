/**
 * Where each framework writes what browsers download, so that check-build reads that and
 * nothing else: server bundles, API routes and build caches hold keys legitimately.
 *
 *   Next.js     .next/static, and the prerendered pages, RSC payloads and route handler
 *               responses under .next/server/app (*.html, *.rsc, *.body) and
 *               .next/server/pages (*.html, and the *.json page data served at
 *               /_next/data); `out/` for a static export;
 *               the same in build/ or dist/ when `distDir` names one of them
 *   Remix (classic compiler): public/build, not build/ (the server bundle)
 *   Gatsby      public/
 *   SvelteKit   .svelte-kit/output/client and .svelte-kit/output/prerendered, unless an
 *               adapter copied them to build/ or .vercel/output/static
 *   Nuxt/Nitro  .output/public, and the public runtime config in .output/server
 *   Astro (SSR), Remix/React Router, SvelteKit adapter-node: dist/client, build/client,
 *               and the pages adapter-node prerenders beside it (build/prerendered);
 *               Astro's inline scripts in dist/server/manifest_*.mjs
 *   CRA, SvelteKit adapter-static: build/
 *   Angular     dist/<project>/browser
 *   Vercel      .vercel/output/static (Build Output API)
 *   Vite, Astro (static), any static site: dist/
 *
 * Each output folder named itself is read the same way: `build` of adapter-node or React
 * Router, Astro's `dist`, `.svelte-kit`, Nuxt's `.output`, `.next`.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import type { ShippedFile } from "./server-shipped.js";

export interface ClientOutput {
  /** The framework (or layout) recognised, for the report. */
  readonly framework: string;
  /** Folders scanned whole, and single files (prerendered pages), absolute. */
  readonly paths: readonly string[];
  /** Server files of which only the parts every browser receives are read (server-shipped.ts). */
  readonly shipped?: readonly ShippedFile[];
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Files under `dir` whose names match `pattern`, at any depth. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!isDirectory(dir)) return [];
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true }) as Dirent[];
  for (const entry of entries) {
    if (entry.isFile() && pattern.test(entry.name)) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

function nextOutput(next: string): string[] {
  const paths: string[] = [];
  if (isDirectory(path.join(next, "static"))) paths.push(path.join(next, "static"));
  // A route handler prerendered (a GET with `dynamic = "force-static"`) is served from its .body.
  paths.push(...filesUnder(path.join(next, "server", "app"), /\.(?:html|rsc|body)$/));
  paths.push(...filesUnder(path.join(next, "server", "pages"), /\.(?:html|json)$/));
  return paths;
}

/** A folder that holds a page or scripts and is not a project folder: a static site. */
function looksStatic(dir: string): boolean {
  if (!isDirectory(dir) || existsSync(path.join(dir, "package.json"))) return false;
  // SvelteKit's prerendered pages: pages/ and dependencies/ (the __data.json files).
  if (path.basename(dir) === "prerendered") return true;
  return readdirSync(dir).some((name) => /\.(?:html?|m?js|css)$/.test(name) || CLIENT_FOLDERS.has(name));
}

/**
 * A build split into halves: client/ beside server/ or prerendered/ (Astro SSR's dist,
 * React Router's and SvelteKit adapter-node's build, SvelteKit's .svelte-kit/output).
 * The client half and the prerendered pages are read; of the server half, only what
 * Astro's manifest inlines into pages.
 */
function splitBuild(folder: string, framework: string): ClientOutput | null {
  const at = (...parts: string[]) => path.join(folder, ...parts);
  if (!isDirectory(at("client"))) return null;
  const prerendered = isDirectory(at("prerendered")) ? [at("prerendered")] : [];
  const manifests = isDirectory(at("server")) ? readdirSync(at("server")).filter((name) => /^manifest_.*\.mjs$/.test(name)) : [];
  const shipped = manifests.map((name): ShippedFile => ({ file: at("server", name), kind: "astro-manifest" }));
  return { framework, paths: [at("client"), ...prerendered], ...(shipped.length > 0 ? { shipped } : {}) };
}

/** Nuxt's .output: public/, and the public runtime config Nitro keeps in the server bundle. */
function nuxtOutput(output: string): ClientOutput {
  const candidates = [["chunks", "nitro", "nitro.mjs"], ["chunks", "runtime.mjs"], ["index.mjs"]].map((parts) => path.join(output, "server", ...parts));
  const shipped = candidates.filter((file) => existsSync(file)).map((file): ShippedFile => ({ file, kind: "nuxt-runtime-config" }));
  return { framework: "Nuxt", paths: [path.join(output, "public")], ...(shipped.length > 0 ? { shipped } : {}) };
}

/**
 * The server half of a split build (`build/server` beside `build/client`), named on the
 * command line: nothing in it is downloaded by browsers as it stands.
 */
export function isServerHalf(dir: string): boolean {
  const parent = path.dirname(dir);
  return path.basename(dir) === "server" && (isDirectory(path.join(parent, "client")) || isDirectory(path.join(parent, "public")));
}

/**
 * Folders at the top of a client output, so that one named on the command line is read
 * even without a page at its top: `.next/static` holds `chunks`, SvelteKit's client
 * output `_app`, Nuxt's `.output/public` `_nuxt`, Astro's `dist/client` `_astro`.
 */
const CLIENT_FOLDERS = new Set(["assets", "static", "_next", "chunks", "_app", "_nuxt", "_astro"]);

/** The client output under `dir` (a project folder or an output folder); empty when there is none. */
export function discoverClientOutput(dir: string): ClientOutput[] {
  const found: ClientOutput[] = [];
  const at = (...parts: string[]) => path.join(dir, ...parts);

  // Pointed at .next itself.
  if (existsSync(at("BUILD_ID")) && isDirectory(at("static"))) return [{ framework: "Next.js", paths: nextOutput(dir) }];
  // Pointed at another framework's output folder: its server half is not read.
  if (!existsSync(at("package.json"))) {
    const svelteKit = splitBuild(at("output"), "SvelteKit");
    if (isDirectory(at("output", "server")) && svelteKit) return [svelteKit];
    const label = path.basename(path.dirname(dir)) === ".svelte-kit" ? "SvelteKit" : `${path.basename(dir)}/client (Astro, SvelteKit, React Router)`;
    const split = splitBuild(dir, label);
    if (split && (isDirectory(at("server")) || isDirectory(at("prerendered")))) return [split];
    if (isDirectory(at("public")) && (existsSync(at("nitro.json")) || isDirectory(at("server")))) return [nuxtOutput(dir)];
  }

  if (isDirectory(at(".next"))) {
    const paths = nextOutput(at(".next"));
    if (paths.length > 0) found.push({ framework: "Next.js", paths });
  }
  // Next.js with `distDir: "build"` (or "dist"): its server folder must not be read as a static site's.
  const nextDistDirs = ["build", "dist"].filter((folder) => existsSync(at(folder, "BUILD_ID")) && isDirectory(at(folder, "static")));
  for (const folder of nextDistDirs) found.push({ framework: `Next.js (distDir ${folder})`, paths: nextOutput(at(folder)) });
  // Remix's classic compiler writes the server to build/ and the browser's files to public/build.
  const remixClassic = isDirectory(at("public", "build")) && ["remix.config.js", "remix.config.mjs", "remix.config.cjs"].some((name) => existsSync(at(name)));
  if (remixClassic) found.push({ framework: "Remix", paths: [at("public", "build")] });
  if (isDirectory(at("public")) && ["gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"].some((name) => existsSync(at(name)))) {
    found.push({ framework: "Gatsby", paths: [at("public")] });
  }
  if (isDirectory(at("out")) && isDirectory(at(".next"))) found.push({ framework: "Next.js static export", paths: [at("out")] });
  const svelteKit = [at(".svelte-kit", "output", "client"), at(".svelte-kit", "output", "prerendered")].filter(isDirectory);
  // An adapter copies .svelte-kit/output to what is deployed (adapter-node's build/client
  // and build/prerendered, adapter-static's build/, adapter-vercel's .vercel/output/static):
  // that copy is read, and the step before it is not, or each key is reported twice.
  const adapterCopy = [at("build", "_app"), at("build", "client", "_app"), at(".vercel", "output", "static", "_app")].some(isDirectory);
  if (svelteKit.length > 0 && !adapterCopy) found.push({ framework: "SvelteKit", paths: svelteKit });
  if (isDirectory(at(".output", "public"))) found.push(nuxtOutput(at(".output")));
  if (isDirectory(at(".vercel", "output", "static"))) found.push({ framework: "Vercel output", paths: [at(".vercel", "output", "static")] });
  const angular = isDirectory(at("dist")) ? readdirSync(at("dist")).map((name) => at("dist", name, "browser")).filter(isDirectory) : [];
  if (angular.length > 0) found.push({ framework: "Angular", paths: angular });
  for (const folder of ["dist", "build"].filter((f) => !nextDistDirs.includes(f) && !(f === "build" && remixClassic))) {
    const split = splitBuild(at(folder), `${folder}/client (Astro, SvelteKit, React Router)`);
    if (split) found.push(split);
    else if (!(folder === "dist" && angular.length > 0) && looksStatic(at(folder))) found.push({ framework: `${folder}/ (Vite, CRA, static site)`, paths: [at(folder)] });
  }
  if (found.length === 0 && looksStatic(dir)) found.push({ framework: "static site", paths: [dir] });
  return withoutAliases(found);
}

/**
 * One folder reached twice is read once: `nuxt generate` leaves `dist` as a symlink to
 * `.output/public`, whose keys would otherwise be reported under both names.
 */
function withoutAliases(found: ClientOutput[]): ClientOutput[] {
  const seen = new Set<string>();
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return found
    .map((output) => ({
      ...output,
      paths: output.paths.filter((p) => {
        const target = real(p);
        if (seen.has(target)) return false;
        seen.add(target);
        return true;
      }),
    }))
    .filter((output) => output.paths.length > 0 || (output.shipped?.length ?? 0) > 0);
}

/** What check-build looked for, for the message when it finds none of it. */
export const LOOKED_FOR = ".next/static, .svelte-kit/output/client, .output/public, .vercel/output/static, dist/client, dist/*/browser, build/client, build/, dist/, public/ (Gatsby), public/build (Remix)";

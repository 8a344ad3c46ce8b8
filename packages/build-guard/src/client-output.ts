/**
 * Where each framework writes what browsers download, so that check-build reads that and
 * nothing else: server bundles, API routes and build caches hold keys legitimately.
 *
 *   Next.js     .next/static, and the prerendered pages and RSC payloads under
 *               .next/server/app (*.html, *.rsc) and .next/server/pages (*.html, and the
 *               *.json page data served at /_next/data); `out/` for a static export;
 *               the same in build/ or dist/ when `distDir` names one of them
 *   Remix (classic compiler): public/build, not build/ (the server bundle)
 *   Gatsby      public/
 *   SvelteKit   .svelte-kit/output/client and .svelte-kit/output/prerendered
 *   Nuxt/Nitro  .output/public
 *   Astro (SSR), Remix/React Router, SvelteKit adapter-node: dist/client, build/client,
 *               and the pages adapter-node prerenders beside it (build/prerendered)
 *   CRA, SvelteKit adapter-static: build/
 *   Angular     dist/<project>/browser
 *   Vercel      .vercel/output/static (Build Output API)
 *   Vite, Astro (static), any static site: dist/
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import path from "node:path";

export interface ClientOutput {
  /** The framework (or layout) recognised, for the report. */
  readonly framework: string;
  /** Folders scanned whole, and single files (prerendered pages), absolute. */
  readonly paths: readonly string[];
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
  paths.push(...filesUnder(path.join(next, "server", "app"), /\.(?:html|rsc)$/));
  paths.push(...filesUnder(path.join(next, "server", "pages"), /\.(?:html|json)$/));
  return paths;
}

/** A folder that holds a page or scripts and is not a project folder: a static site. */
function looksStatic(dir: string): boolean {
  if (!isDirectory(dir) || existsSync(path.join(dir, "package.json"))) return false;
  return readdirSync(dir).some((name) => /\.(?:html?|m?js|css)$/.test(name) || CLIENT_FOLDERS.has(name));
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
  if (svelteKit.length > 0) found.push({ framework: "SvelteKit", paths: svelteKit });
  if (isDirectory(at(".output", "public"))) found.push({ framework: "Nuxt", paths: [at(".output", "public")] });
  if (isDirectory(at(".vercel", "output", "static"))) found.push({ framework: "Vercel output", paths: [at(".vercel", "output", "static")] });
  const angular = isDirectory(at("dist")) ? readdirSync(at("dist")).map((name) => at("dist", name, "browser")).filter(isDirectory) : [];
  if (angular.length > 0) found.push({ framework: "Angular", paths: angular });
  for (const folder of ["dist", "build"].filter((f) => !nextDistDirs.includes(f) && !(f === "build" && remixClassic))) {
    if (isDirectory(at(folder, "client"))) {
      const prerendered = isDirectory(at(folder, "prerendered")) ? [at(folder, "prerendered")] : [];
      found.push({ framework: `${folder}/client (Astro, SvelteKit, React Router)`, paths: [at(folder, "client"), ...prerendered] });
    }
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
    .filter((output) => output.paths.length > 0);
}

/** What check-build looked for, for the message when it finds none of it. */
export const LOOKED_FOR = ".next/static, .svelte-kit/output/client, .output/public, .vercel/output/static, dist/client, dist/*/browser, build/client, build/, dist/, public/ (Gatsby), public/build (Remix)";

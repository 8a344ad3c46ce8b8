/**
 * Is this file part of a browser bundle? Decided once per file from its directives, its
 * imports, its path, its project's framework and `settings.roxels`. Server markers win
 * over client markers, and a file nothing says anything about is not assumed to be client
 * code. Components of Vue and Svelte ship to the browser; an Astro component's
 * frontmatter runs on the server, and the rest of it is the page.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "./ast.js";
import { matchesAnyGlob } from "./glob.js";
import { projectOf, type Project } from "./project.js";

export interface RoxelsSettings {
  clientFiles?: string[];
  serverFiles?: string[];
}

export type FileSide =
  | { readonly side: "client"; readonly reason: string; readonly nextPages: boolean }
  | { readonly side: "server"; readonly reason: string }
  | { readonly side: "unknown" }
  | { readonly side: "astro"; readonly frontmatterEnd: number };

export function readRoxelsSettings(settings: Record<string, unknown>): RoxelsSettings {
  const raw = settings["roxels"];
  if (typeof raw !== "object" || raw === null) return {};
  const record = raw as Record<string, unknown>;
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : undefined;
  return { clientFiles: strings(record["clientFiles"]), serverFiles: strings(record["serverFiles"]) };
}

/** The file path relative to the ESLint cwd, with forward slashes. */
export function relativePosixPath(filename: string, cwd: string): string {
  const posix = filename.replace(/\\/g, "/");
  const base = cwd.replace(/\\/g, "/").replace(/\/?$/, "/");
  return posix.startsWith(base) ? posix.slice(base.length) : posix;
}

function directives(program: TSESTree.Program): string[] {
  const found: string[] = [];
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) break;
    const expression = statement.expression;
    if (expression.type !== AST_NODE_TYPES.Literal || typeof expression.value !== "string") break;
    found.push(expression.value);
  }
  return found;
}

function importsServerOnly(program: TSESTree.Program): boolean {
  return program.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === "server-only",
  );
}

const SCRIPT = String.raw`\.(?:[cm]?[jt]sx?)$`;
const SERVER_SUFFIX = new RegExp(String.raw`\.server(?:\.vue$|` + SCRIPT + ")");
const CLIENT_SUFFIX = new RegExp(String.raw`\.client` + SCRIPT);
const NEXT_API_ROUTE = /(?:^|\/)pages\/api\//;
const NEXT_ROUTE_HANDLER = /(?:^|\/)app\/(?:.*\/)?route\.(?:[cm]?[jt]sx?)$/;
const NEXT_PAGE = /(?:^|\/)pages\/.+\.(?:[cm]?[jt]sx?)$/;
// `_document` is rendered on the server only; it never reaches the browser.
const NEXT_DOCUMENT = /(?:^|\/)pages\/_document\.(?:[cm]?[jt]sx?)$/;

/** Where an Astro component's frontmatter (`---` … `---` at the top) ends; 0 without one. */
function astroFrontmatterEnd(text: string): number {
  const open = /^\s*---/.exec(text);
  if (!open) return 0;
  const close = text.indexOf("\n---", open[0].length);
  return close === -1 ? 0 : close + 4;
}

export function fileSide(program: TSESTree.Program, path: string, settings: RoxelsSettings, project: Project, text = ""): FileSide {
  const fileDirectives = directives(program);
  if (fileDirectives.includes("use server")) return { side: "server", reason: 'it has a "use server" directive' };
  if (importsServerOnly(program)) return { side: "server", reason: 'it imports "server-only"' };
  if (SERVER_SUFFIX.test(path)) return { side: "server", reason: "its name ends in .server" };
  if (project.next && NEXT_API_ROUTE.test(path)) return { side: "server", reason: "it is a Next.js API route (pages/api/)" };
  if (project.next && NEXT_ROUTE_HANDLER.test(path)) return { side: "server", reason: "it is a Next.js route handler (app/**/route)" };
  if (project.next && NEXT_DOCUMENT.test(path)) return { side: "server", reason: "pages/_document is rendered on the server only" };
  const serverGlob = settings.serverFiles && matchesAnyGlob(path, settings.serverFiles);
  if (serverGlob) return { side: "server", reason: `it matches settings.roxels.serverFiles "${serverGlob}"` };

  if (fileDirectives.includes("use client")) {
    return { side: "client", reason: 'a "use client" file', nextPages: false };
  }
  const clientGlob = settings.clientFiles && matchesAnyGlob(path, settings.clientFiles);
  if (clientGlob) {
    return { side: "client", reason: `clientFiles "${clientGlob}"`, nextPages: false };
  }
  if (CLIENT_SUFFIX.test(path)) return { side: "client", reason: "a .client file", nextPages: false };
  if (path.endsWith(".vue")) return { side: "client", reason: "a Vue component", nextPages: false };
  if (path.endsWith(".svelte")) return { side: "client", reason: "a Svelte component", nextPages: false };
  if (path.endsWith(".astro")) return { side: "astro", frontmatterEnd: astroFrontmatterEnd(text) };
  if (project.next && NEXT_PAGE.test(path)) {
    return { side: "client", reason: "a Next.js page", nextPages: true };
  }
  return { side: "unknown" };
}

/** Next.js strips these exports from the client bundle: they run on the server only. */
const NEXT_SERVER_DATA_FUNCTIONS = new Set(["getServerSideProps", "getStaticProps", "getStaticPaths"]);

function functionName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.FunctionDeclaration) return node.id?.name;
  if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression) {
    if (node.id) return node.id.name;
    const parent = node.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
      return parent.id.name;
    }
  }
  return undefined;
}

/** True when `node` sits inside `getServerSideProps`, `getStaticProps` or `getStaticPaths`. */
export function insideNextServerDataFunction(node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    const name = functionName(current);
    if (name !== undefined && NEXT_SERVER_DATA_FUNCTIONS.has(name)) return true;
  }
  return false;
}

const sides = new WeakMap<object, FileSide>();

/**
 * Why the code at `node` (or at `index` in the file's text) ends up in the browser, or
 * undefined when it does not or nothing says so. The file's side is worked out once.
 */
export function clientSideOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  node: TSESTree.Node,
  index = node.range[0],
): string | undefined {
  const sourceCode = context.sourceCode;
  let side = sides.get(sourceCode.ast);
  if (side === undefined) {
    const path = relativePosixPath(context.filename, context.cwd);
    const settings = readRoxelsSettings(context.settings as Record<string, unknown>);
    side = fileSide(sourceCode.ast, path, settings, projectOf(context.filename, context.cwd), sourceCode.text);
    sides.set(sourceCode.ast, side);
  }
  if (side.side === "astro") return index >= side.frontmatterEnd ? "Astro page markup" : undefined;
  if (side.side !== "client") return undefined;
  if (side.nextPages && insideNextServerDataFunction(node)) return undefined;
  return side.reason;
}

/**
 * Is this file part of a browser bundle? Decided once per file from its directives, its
 * imports, its path and `settings.roxels`. Server markers win over client markers, and a
 * file nothing says anything about is not assumed to be client code.
 */
import type { TSESTree } from "@typescript-eslint/utils";
import { AST_NODE_TYPES } from "../utils/ast.js";
import { matchesAnyGlob } from "./glob.js";

export interface RoxelsSettings {
  clientFiles?: string[];
  serverFiles?: string[];
}

export type FileSide =
  | { readonly side: "client"; readonly reason: string; readonly nextPages: boolean }
  | { readonly side: "server"; readonly reason: string }
  | { readonly side: "unknown" };

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
const SERVER_SUFFIX = new RegExp(String.raw`\.server` + SCRIPT);
const CLIENT_SUFFIX = new RegExp(String.raw`\.client` + SCRIPT);
const NEXT_API_ROUTE = /(?:^|\/)pages\/api\//;
const NEXT_ROUTE_HANDLER = /(?:^|\/)app\/(?:.*\/)?route\.(?:[cm]?[jt]sx?)$/;
const NEXT_PAGE = /(?:^|\/)pages\/.+\.(?:[cm]?[jt]sx?)$/;
// `_document` is rendered on the server only; it never reaches the browser.
const NEXT_DOCUMENT = /(?:^|\/)pages\/_document\.(?:[cm]?[jt]sx?)$/;

export function fileSide(program: TSESTree.Program, path: string, settings: RoxelsSettings): FileSide {
  const fileDirectives = directives(program);
  if (fileDirectives.includes("use server")) return { side: "server", reason: 'it has a "use server" directive' };
  if (importsServerOnly(program)) return { side: "server", reason: 'it imports "server-only"' };
  if (SERVER_SUFFIX.test(path)) return { side: "server", reason: "its name ends in .server" };
  if (NEXT_API_ROUTE.test(path)) return { side: "server", reason: "it is a Next.js API route (pages/api/)" };
  if (NEXT_ROUTE_HANDLER.test(path)) return { side: "server", reason: "it is a Next.js route handler (app/**/route)" };
  if (NEXT_DOCUMENT.test(path)) return { side: "server", reason: "pages/_document is rendered on the server only" };
  const serverGlob = settings.serverFiles && matchesAnyGlob(path, settings.serverFiles);
  if (serverGlob) return { side: "server", reason: `it matches settings.roxels.serverFiles "${serverGlob}"` };

  if (fileDirectives.includes("use client")) {
    return { side: "client", reason: 'it has a "use client" directive', nextPages: false };
  }
  const clientGlob = settings.clientFiles && matchesAnyGlob(path, settings.clientFiles);
  if (clientGlob) {
    return { side: "client", reason: `it matches settings.roxels.clientFiles "${clientGlob}"`, nextPages: false };
  }
  if (CLIENT_SUFFIX.test(path)) return { side: "client", reason: "its name ends in .client", nextPages: false };
  if (NEXT_PAGE.test(path)) {
    return { side: "client", reason: "Next.js bundles files under pages/ for the browser", nextPages: true };
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

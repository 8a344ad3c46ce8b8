/**
 * `roxels-mock-api`: the local Roxels API for demos. Keys never come from the command
 * line: the server makes its org's keys at start (or reads them from a file), prints
 * them masked, and with `--demo-dir` writes what a demo needs into files of mode 600.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateKey, keyType, type MockKeyInput } from "./org.js";
import { maskForLog, type LoggedRequest } from "./request-log.js";
import { startMockApi } from "./server.js";

const USAGE = `Usage: roxels-mock-api [options]

A local Roxels API (contract: docs/api-contract.md) for demos and tests.

Options:
  --port N              port to listen on (default 0: a free port, printed)
  --host ADDR           loopback address to listen on (default 127.0.0.1)
  --keys N              secret keys to generate besides the management key (default 3)
  --keys-file FILE      read the org's keys from FILE instead: one key a line, "manage"
                        after a key lets it revoke; lines starting with # are skipped
  --demo-dir DIR        write DIR/.env (ROXELS_API_BASE and the management key as
                        ROXELS_API_KEY, mode 600) and DIR/app/config.js, a file that
                        leaks the generated keys, to scan, verify and revoke
  --rate-limit SHARE    answer this share of requests (0 to 1) with 429
  --retry-after SECONDS Retry-After sent with those 429s (default 1)
  --error-rate SHARE    answer this share of requests with 503
  --quiet               do not print each request
  -h, --help            this help

Keys are never taken from the command line: they would end up in shell history and ps.`;

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        keys: { type: "string" },
        "keys-file": { type: "string" },
        "demo-dir": { type: "string" },
        "rate-limit": { type: "string" },
        "retry-after": { type: "string" },
        "error-rate": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message.split("\n")[0]}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const keys: (MockKeyInput & { role: string })[] = values["keys-file"]
    ? await readKeysFile(values["keys-file"])
    : generateOrg(wholeNumber(values.keys ?? "3", "--keys"));
  if (!keys.some((key) => key.canManage)) fail("the org needs a key that can manage keys (mark one with 'manage')");

  const quiet = values.quiet ?? false;
  const api = await startMockApi({
    host: values.host ?? "127.0.0.1",
    port: wholeNumber(values.port ?? "0", "--port"),
    keys,
    onRequest: quiet ? undefined : (entry) => process.stdout.write(`${describe(entry)}\n`),
  });
  const retryAfter = wholeNumber(values["retry-after"] ?? "1", "--retry-after");
  if (values["rate-limit"]) api.chaos({ rate: share(values["rate-limit"], "--rate-limit"), fault: { type: "rate-limit", retryAfter: { seconds: retryAfter } } });
  if (values["error-rate"]) api.chaos({ rate: share(values["error-rate"], "--error-rate"), fault: { type: "server-error", status: 503 } });

  const out = process.stdout;
  out.write(`Roxels mock API listening on ${api.url}\n`);
  out.write(`Org (${keys.length} keys, shown masked):\n`);
  for (const key of keys) out.write(`  ${maskForLog(key.key).padEnd(16)} ${key.role}\n`);

  if (values["demo-dir"]) {
    const management = keys.find((key) => key.canManage)!;
    const leaked = keys.filter((key) => !key.canManage && keyType(key.key) === "secret");
    const written = await writeDemo(resolve(values["demo-dir"]), api.url, management.key, leaked.map((key) => key.key));
    out.write(`Demo files: ${written.join(", ")} (the .env is mode 600; source it, don't print it)\n`);
  }
  out.write("Ctrl-C to stop.\n");

  const stop = () => {
    void api.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function generateOrg(count: number): (MockKeyInput & { role: string })[] {
  const keys: (MockKeyInput & { role: string })[] = [{ key: generateKey("secret"), canManage: true, role: "management key (can revoke)" }];
  for (let i = 0; i < count; i++) keys.push({ key: generateKey("secret"), role: "secret key" });
  keys.push({ key: generateKey("embed"), role: "embed key" });
  return keys;
}

async function readKeysFile(path: string): Promise<(MockKeyInput & { role: string })[]> {
  const text = await readFile(path, "utf8").catch(() => fail(`cannot read --keys-file ${path}`));
  const keys: (MockKeyInput & { role: string })[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const [key = "", flag] = trimmed.split(/\s+/);
    const type = keyType(key);
    // The line is not echoed: it may be a key of another shape.
    if (!type) fail(`${path}:${index + 1}: not a Roxels key`);
    const canManage = flag === "manage";
    keys.push({ key, canManage, role: canManage ? "management key (can revoke)" : `${type} key` });
  });
  return keys;
}

async function writeDemo(dir: string, baseUrl: string, managementKey: string, leaked: string[]): Promise<string[]> {
  await mkdir(join(dir, "app"), { recursive: true });
  const envPath = join(dir, ".env");
  await writeFile(envPath, `ROXELS_API_BASE=${baseUrl}\nROXELS_API_KEY=${managementKey}\n`, { mode: 0o600 });
  await chmod(envPath, 0o600);
  const configPath = join(dir, "app", "config.js");
  const lines = leaked.map((key, i) => `export const roxelsKey${i + 1} = "${key}"; // leaked on purpose: the demo revokes it`);
  await writeFile(configPath, `${lines.join("\n")}\n`);
  return [envPath, configPath];
}

function describe(entry: LoggedRequest): string {
  const parts = [entry.method, entry.url, entry.status === undefined ? "-" : String(entry.status)];
  if (entry.fault) parts.push(`fault=${entry.fault}`);
  if (entry.bearer) parts.push(`bearer=${entry.bearer}`);
  if (entry.target) parts.push(`key=${entry.target}`);
  return parts.join(" ");
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) fail(`${flag} must be a whole number`);
  return Number(value);
}

function share(value: string, flag: string): number {
  const number = Number(value);
  if (!(number >= 0 && number <= 1)) fail(`${flag} must be between 0 and 1`);
  return number;
}

function fail(message: string): never {
  process.stderr.write(`roxels-mock-api: ${message}\n`);
  process.exit(2);
}

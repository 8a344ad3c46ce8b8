/**
 * Writing one bench's section of bench/RESULTS.md without touching the others'. Any bench
 * script may import it:
 *   import { writeResultsSection } from "./lib/results.mjs";
 *   writeResultsSection("git", markdown);   // between <!-- git:start --> and <!-- git:end -->
 * The file is created with a short header if missing; a missing section is appended.
 * Written through a temporary file and a rename, so a reader never sees half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "RESULTS.md");

const HEADER = `# Bench results

Figures from \`npm run bench\` (bench/run.mjs). Each bench owns one marked section and
rewrites only that section; the machine each figure came from is given in its section.
Not a test: speed lives here, never in the test suite.
`;

export function writeResultsSection(name, markdown, file = RESULTS_FILE) {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad section name: ${name}`);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  let next;
  if (from !== -1 && to > from) {
    next = current.slice(0, from) + block + current.slice(to + end.length);
  } else {
    next = `${current.replace(/\n*$/, "\n")}\n${block}\n`;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, next);
  renameSync(temporary, file);
}

/**
 * `JSON.stringify(value, null, 2)`, byte for byte, handed out in pieces: the arrays
 * wrapped in `Streamed` are read one element at a time, so a report of 300,000 findings
 * is never one string (nor 300,000 report objects) in memory. Reporters build their
 * report as usual, with `new Streamed(…)` where the long arrays go.
 */

/** An array whose elements are produced (and stringified) one at a time. */
export class Streamed<T> {
  constructor(readonly items: Iterable<T>) {}
}

/** `items` mapped lazily: each element is made when the report reaches it. */
export function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** The pieces of `JSON.stringify(value, null, 2)`, at nesting `indent`. */
export function* jsonPieces(value: unknown, indent = ""): Generator<string> {
  if (value instanceof Streamed) {
    yield* arrayPieces(value.items, indent);
  } else if (Array.isArray(value) && holdsStreamed(value)) {
    yield* arrayPieces(value, indent);
  } else if (typeof value === "object" && value !== null && holdsStreamed(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    yield "{";
    for (const [i, [key, v]] of entries.entries()) {
      yield `${i === 0 ? "\n" : ",\n"}${indent}  ${JSON.stringify(key)}: `;
      yield* jsonPieces(v, `${indent}  `);
    }
    yield entries.length === 0 ? "}" : `\n${indent}}`;
  } else {
    yield indented(value, indent);
  }
}

function* arrayPieces(items: Iterable<unknown>, indent: string): Generator<string> {
  let first = true;
  for (const item of items) {
    yield `${first ? "[\n" : ",\n"}${indent}  `;
    yield* jsonPieces(item, `${indent}  `);
    first = false;
  }
  yield first ? "[]" : `\n${indent}]`;
}

/** One value as `JSON.stringify(…, null, 2)` prints it at nesting `indent`; JSON strings never hold a raw line feed. */
function indented(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
}

function holdsStreamed(value: object): boolean {
  for (const v of Object.values(value)) {
    if (v instanceof Streamed) return true;
    if (typeof v === "object" && v !== null && holdsStreamed(v as object)) return true;
  }
  return false;
}

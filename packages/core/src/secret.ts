// node:crypto is loaded on first use: a pre-commit hook that finds nothing never hashes.
let crypto: typeof import("node:crypto") | undefined;
function sha256(): import("node:crypto").Hash {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.createHash("sha256");
}

/**
 * Characters of the body kept on each side when a key is shown. Enough for a person
 * to tell two keys apart in a dashboard, far too few to use or brute-force the key.
 */
const SHOWN_BODY_CHARS = 4;

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * A copy of `text` that holds no reference to the string it was cut from. V8 keeps a
 * slice of a long string as a view into it, so a key sliced from a 4 MiB chunk (or from a
 * one-line minified file) would keep that whole chunk alive for as long as its finding
 * lives: a megabyte per file with a finding, until the heap runs out.
 */
export function detachedCopy(text: string): string {
  // Concatenating makes a new string; slicing it flattens it into a fresh one first.
  return ` ${text}`.slice(1);
}

/**
 * The masked form, e.g. `sk_AbCd…wXyZ`. The prefix kept is everything up to the last
 * separator of a known vendor prefix (`sk-proj-`, `sk_live_`…) so the kind stays readable.
 */
export function maskKey(key: string, prefixLength = defaultPrefixLength(key)): string {
  const body = key.slice(prefixLength);
  if (body.length <= SHOWN_BODY_CHARS * 3) {
    // Too short to show both ends without giving most of it away.
    return `${key.slice(0, prefixLength)}${body.slice(0, 2)}…`;
  }
  // Joined, not concatenated: one flat string, where a template would keep a tree of
  // slices of the key (and of the chunk it was cut from) for as long as a finding lives.
  return [key.slice(0, prefixLength), body.slice(0, SHOWN_BODY_CHARS), "…", body.slice(-SHOWN_BODY_CHARS)].join("");
}

function defaultPrefixLength(key: string): number {
  const vendorPrefix = /^(?:sk|rk)[_-](?:(?:live|test|proj|svcacct|admin|None|ant)[_-](?:(?:api|admin)\d\d-)?)?/.exec(key);
  return vendorPrefix ? vendorPrefix[0].length : 0;
}

/**
 * A stable, one-way identifier of a key: what ignore files, baselines and reports store
 * instead of the key. Domain-separated so it cannot be matched against a plain SHA-256
 * table of leaked keys, and truncated to 64 bits, which is plenty to tell keys apart in
 * one organisation while leaving nothing to reverse.
 */
export function fingerprintKey(key: string): string {
  // Only the bytes shown are turned into hex: a slice of the whole digest's hex would keep it alive with the fingerprint.
  return sha256().update("roxels-guard/fingerprint/v1\0").update(key).digest().toString("hex", 0, FINGERPRINT_LENGTH / 2);
}

const FINGERPRINT_LENGTH = 16;
const FINGERPRINT = new RegExp(`^[0-9a-f]{${FINGERPRINT_LENGTH}}$`);

/** True when `text` has the shape fingerprintKey gives (lower-case hex): what ignore files, configs and baselines may hold. */
export function isFingerprint(text: string): boolean {
  return FINGERPRINT.test(text);
}

/**
 * Holds a found key so that it cannot be printed by accident: every way JavaScript turns
 * an object into text (template strings, JSON, console.log, util.inspect, error messages)
 * gives the masked form. Only `reveal()` gives the key, and only the API client calls it,
 * right where it builds a request.
 */
export class Secret {
  readonly #value: string;
  readonly masked: string;
  #fingerprint: string | undefined;

  constructor(value: string, prefixLength?: number) {
    this.#value = detachedCopy(value);
    this.masked = maskKey(value, prefixLength);
    Object.freeze(this);
  }

  /**
   * Hashed on first use: a pre-filter that only asks whether a chunk holds a key (and a
   * worker thread that never reports one) need not load node:crypto at all.
   */
  get fingerprint(): string {
    return (this.#fingerprint ??= fingerprintKey(this.#value));
  }

  /** The key itself. Call only where it is sent to the API it belongs to. */
  reveal(): string {
    return this.#value;
  }

  /** True when `candidate` is this very key, without exposing either. */
  matches(candidate: string): boolean {
    return fingerprintKey(candidate) === this.fingerprint;
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }

  [Symbol.toPrimitive](): string {
    return this.masked;
  }

  [INSPECT](): string {
    return `Secret(${this.masked} ${this.fingerprint})`;
  }
}

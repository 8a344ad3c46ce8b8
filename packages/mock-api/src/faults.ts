/**
 * Injected failures: what a real API and the network in front of it do on a bad day.
 * Queued faults are taken in order by the requests that match them; chaos faults hit a
 * share of requests at random (seeded, so a run can be repeated).
 */

export type Endpoint = "liveness" | "revoke";

export type RetryAfter =
  /** `Retry-After: <seconds>` */
  | { readonly seconds: number }
  /** `Retry-After: <HTTP date>`, this many seconds from the answer. */
  | { readonly dateInSeconds: number };

export type Fault =
  /** 429 with the documented error body, and a `Retry-After` when given. */
  | { readonly type: "rate-limit"; readonly retryAfter?: RetryAfter }
  /** A 5xx (default 503), JSON error body unless `body` is given. */
  | { readonly type: "server-error"; readonly status?: number; readonly body?: string; readonly contentType?: string }
  /** Any status with a body that is not JSON (an HTML page from a proxy, plain text). */
  | {
      readonly type: "non-json";
      readonly status: number;
      readonly body: string;
      readonly contentType?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Answer normally, after a delay. */
  | { readonly type: "slow"; readonly ms: number }
  /** Never answer: the connection stays open until the client gives up. */
  | { readonly type: "hang" }
  /**
   * Answer with the real status and headers, send part of the body, and never finish it:
   * the connection stays open until the client gives up or stops reading.
   */
  | { readonly type: "stall-body" }
  /**
   * Destroy the connection without an answer. With `afterApplying`, the request takes
   * effect first (a revoke that happened, whose answer was lost).
   */
  | { readonly type: "drop"; readonly afterApplying?: boolean };

export interface QueuedFault {
  readonly fault: Fault;
  /** Which endpoint it hits; default either. */
  readonly endpoint?: Endpoint;
  /** How many matching requests it hits; default 1. */
  readonly times?: number;
}

export interface ChaosFault {
  readonly fault: Fault;
  readonly endpoint?: Endpoint;
  /** Share of matching requests hit, 0 to 1. */
  readonly rate: number;
}

/** A small seeded PRNG (mulberry32): enough to spread faults, repeatable by seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPlan {
  readonly #queue: { fault: Fault; endpoint?: Endpoint; remaining: number }[] = [];
  readonly #chaos: ChaosFault[] = [];
  #random: () => number;

  constructor(seed = 1) {
    this.#random = seededRandom(seed);
  }

  inject(queued: QueuedFault): void {
    this.#queue.push({ fault: queued.fault, endpoint: queued.endpoint, remaining: queued.times ?? 1 });
  }

  chaos(chaos: ChaosFault, seed?: number): void {
    if (!(chaos.rate >= 0 && chaos.rate <= 1)) throw new RangeError("chaos rate must be between 0 and 1");
    if (seed !== undefined) this.#random = seededRandom(seed);
    this.#chaos.push(chaos);
  }

  clear(): void {
    this.#queue.length = 0;
    this.#chaos.length = 0;
  }

  /** The fault for this request, if any; queued faults first. */
  take(endpoint: Endpoint): Fault | undefined {
    const index = this.#queue.findIndex((entry) => entry.endpoint === undefined || entry.endpoint === endpoint);
    if (index !== -1) {
      const entry = this.#queue[index]!;
      entry.remaining--;
      if (entry.remaining <= 0) this.#queue.splice(index, 1);
      return entry.fault;
    }
    for (const chaos of this.#chaos) {
      if (chaos.endpoint !== undefined && chaos.endpoint !== endpoint) continue;
      if (this.#random() < chaos.rate) return chaos.fault;
    }
    return undefined;
  }

  get pending(): number {
    return this.#queue.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}

/** The `Retry-After` header value for a fault, computed at answer time. */
export function retryAfterValue(retryAfter: RetryAfter, now = Date.now()): string {
  if ("seconds" in retryAfter) return String(retryAfter.seconds);
  // Rounded up to a whole second, since an HTTP date has no finer unit: never earlier than asked.
  const at = Math.ceil((now + retryAfter.dateInSeconds * 1000) / 1000) * 1000;
  return new Date(at).toUTCString();
}

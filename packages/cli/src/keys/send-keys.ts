/**
 * How verify and revoke send their keys: one API call per key, the first key alone and
 * the rest `concurrency` at a time. The first call tells whether the API can be reached
 * at all (and, for revoke, whether the management key is accepted) before any other key
 * is sent; a key is not sent once the run has a reason to stop.
 */
import { mapWithConcurrency } from "@roxels-guard/api";

export async function sendKeys<T, R>(
  items: readonly T[],
  concurrency: number,
  send: (item: T) => Promise<R>,
  /** Asked just before each key is sent: a reason not to send it, or undefined. */
  stopReason: () => string | undefined,
  notSent: (item: T, reason: string) => R,
): Promise<R[]> {
  const sendUnlessStopped = (item: T): Promise<R> => {
    const reason = stopReason();
    return reason === undefined ? send(item) : Promise.resolve(notSent(item, reason));
  };
  const [first, ...rest] = items;
  if (first === undefined) return [];
  const firstResult = await sendUnlessStopped(first);
  return [firstResult, ...(await mapWithConcurrency(rest, concurrency, sendUnlessStopped))];
}

/**
 * Whether the API answered at all. A call that got any HTTP answer (even a 503 before it
 * gave up) shows the API is there; when a call gave up with none (connection refused, host
 * not found, time-outs, resets on every try) and no call has had an answer, the API is
 * taken as unreachable: no further key is sent, and the command exits 2.
 */
export class Reachability {
  #answered = false;
  #noAnswer: string | undefined;

  /** `status`: the last HTTP status the call got, undefined when it got none. */
  note(status: number | undefined, reason: string): void {
    if (status !== undefined) this.#answered = true;
    else this.#noAnswer ??= reason;
  }

  /** Why the API is taken as unreachable (the first call's reason), while no call got an answer. */
  get unreachable(): string | undefined {
    return this.#answered ? undefined : this.#noAnswer;
  }

  /** The reason given for keys not sent. */
  get stopReason(): string | undefined {
    const why = this.unreachable;
    return why === undefined ? undefined : `not tried: the Roxels API could not be reached (${why})`;
  }
}

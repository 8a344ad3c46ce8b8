/**
 * The in-memory org: its keys, which are revoked, which may manage keys. Keys are held
 * as given (the server must compare them) but nothing here prints or logs them.
 */
import { createHash, randomBytes } from "node:crypto";

export type MockKeyType = "secret" | "embed";

export interface MockKeyInput {
  readonly key: string;
  /** May call the revoke endpoint. Default: false (only the management key may). */
  readonly canManage?: boolean;
  readonly revoked?: boolean;
  /** May read templates. Default true; false makes the liveness GET answer 403 (live, lacking a permission). */
  readonly canList?: boolean;
  readonly id?: string;
}

export interface MockKeyRecord {
  readonly id: string;
  readonly type: MockKeyType;
  readonly canManage: boolean;
  readonly canList: boolean;
  revoked: boolean;
  revokedAt?: string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random key of the contract's grammar, e.g. for the demo org. */
export function generateKey(type: MockKeyType = "secret", bodyLength = 32): string {
  let body = "";
  while (body.length < bodyLength) {
    for (const byte of randomBytes(bodyLength * 2)) {
      if (byte < 248 && body.length < bodyLength) body += ALPHABET[byte % 62];
    }
  }
  return `${type === "secret" ? "sk" : "rk"}_${body}`;
}

/** Same grammar as the contract, kept local: the mock must not depend on the code it tests. */
export function keyType(key: string): MockKeyType | undefined {
  const match = /^([sr])k[_-][A-Za-z0-9]{24,64}$/.exec(key);
  if (!match) return undefined;
  return match[1] === "s" ? "secret" : "embed";
}

/** Indexes by a hash so that the map's keys, if ever dumped, are not usable keys. */
function indexOf(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export class MockOrg {
  readonly #keys = new Map<string, MockKeyRecord>();

  add(input: MockKeyInput): MockKeyRecord {
    const type = keyType(input.key);
    if (!type) throw new TypeError("MockOrg.add: not a key of the Roxels grammar");
    const record: MockKeyRecord = {
      id: input.id ?? `key_${randomBytes(6).toString("hex")}`,
      type,
      canManage: input.canManage ?? false,
      canList: input.canList ?? true,
      revoked: input.revoked ?? false,
    };
    this.#keys.set(indexOf(input.key), record);
    return record;
  }

  get(key: string): MockKeyRecord | undefined {
    return this.#keys.get(indexOf(key));
  }

  /** `live`, `revoked`, or undefined when the org never issued the key. */
  state(key: string): "live" | "revoked" | undefined {
    const record = this.get(key);
    if (!record) return undefined;
    return record.revoked ? "revoked" : "live";
  }

  revoke(key: string): MockKeyRecord | undefined {
    const record = this.get(key);
    if (record && !record.revoked) {
      record.revoked = true;
      record.revokedAt = new Date().toISOString();
    }
    return record;
  }

  get size(): number {
    return this.#keys.size;
  }

  counts(): { live: number; revoked: number } {
    let revoked = 0;
    for (const record of this.#keys.values()) if (record.revoked) revoked++;
    return { live: this.#keys.size - revoked, revoked };
  }
}

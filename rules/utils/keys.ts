/**
 * The rules' door into the key grammar. Every decision about what is a key is made by
 * @roxels-guard/core; this file only adds the cheap length check that lets the rules
 * skip the vast majority of strings in a code base.
 */
import { findKeys, KEY_PREFIXES, ROXELS_BODY_MIN, type KeyMatch } from "@roxels-guard/core";

/** A prefix (`sk_`) and the shortest Roxels body: no shorter string can hold a Roxels key. */
export const SHORTEST_ROXELS_KEY = KEY_PREFIXES[0]!.length + ROXELS_BODY_MIN;

/** Keys (all finding kinds; never `rk_` embed keys) in a string value. */
export function keysIn(value: string): KeyMatch[] {
  if (value.length < SHORTEST_ROXELS_KEY) return [];
  return findKeys(value);
}

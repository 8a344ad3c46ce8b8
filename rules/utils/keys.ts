/**
 * The rules' door into the key grammar. Every decision about what is a key is made by
 * @roxels-guard/core; this file only adds the cheap length check that lets the rules
 * skip the vast majority of strings in a code base.
 */
import { findKeys, KIND_ADVICE, KIND_DESCRIPTIONS, type KeyMatch } from "@roxels-guard/core";

/** `sk_` + the shortest Roxels body (24): no shorter string can hold any key. */
const SHORTEST_KEY = 27;

/** Keys (all finding kinds; never `rk_` embed keys) in a string value. */
export function keysIn(value: string): KeyMatch[] {
  if (value.length < SHORTEST_KEY) return [];
  return findKeys(value);
}

export function roxelsSecretsIn(value: string): KeyMatch[] {
  return keysIn(value).filter((match) => match.kind === "roxels-secret");
}

export function describeKind(match: KeyMatch): string {
  return KIND_DESCRIPTIONS[match.kind];
}

export function adviceFor(match: KeyMatch): string {
  return KIND_ADVICE[match.kind];
}

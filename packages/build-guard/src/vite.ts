/** Vite and Rollup: `plugins: [roxelsGuard()]`. */
import { roxelsGuardUnplugin, type RoxelsGuardOptions } from "./plugin.js";

/** A Vite plugin (also a Rollup plugin) that fails the build when client output holds a secret key. */
export default function roxelsGuard(options: RoxelsGuardOptions = {}): ReturnType<typeof roxelsGuardUnplugin.vite> {
  return roxelsGuardUnplugin.vite(options);
}

export const rollup = (options: RoxelsGuardOptions = {}): ReturnType<typeof roxelsGuardUnplugin.rollup> => roxelsGuardUnplugin.rollup(options);
export const rolldown = (options: RoxelsGuardOptions = {}): ReturnType<typeof roxelsGuardUnplugin.rolldown> => roxelsGuardUnplugin.rolldown(options);
export type { RoxelsGuardOptions };

/** `import { withRoxelsGuard } from "roxels-guard/next"`: Next.js in webpack mode (Turbopack: run check-build). */
export { withRoxelsGuard, type RoxelsGuardOptions } from "@roxels-guard/build-guard/webpack";

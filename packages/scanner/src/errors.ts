/** The user-facing error is core's (one type across the packages). */
export { UsageError } from "@roxels-guard/core";

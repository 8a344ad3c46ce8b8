/** What a plugin says when a build would ship a key: one line a key, with its source. */
import { formatFindingLine } from "@roxels-guard/reporters/text";
import type { Finding } from "@roxels-guard/scanner";

export function leakMessage(findings: readonly Finding[], where: string): string {
  const count = findings.length;
  const lines = [`roxels-guard: ${count} secret key${count === 1 ? "" : "s"} in ${where}; the build would ship ${count === 1 ? "it" : "them"} to browsers:`];
  for (const f of findings) lines.push(formatFindingLine(f));
  lines.push(
    "Keep secret keys in server code and read them at run time there; a key inlined by define/DefinePlugin or a VITE_/NEXT_PUBLIC_ variable is public.",
    "Then revoke the key (`roxels-guard revoke`): it may have been deployed before.",
  );
  return lines.join("\n");
}

/**
 * Machine facts for bench reports. Any bench script may import these:
 *   import { machineInfo, machineMarkdown } from "./lib/machine.mjs";
 */
import os from "node:os";

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown CPU",
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().slice(0, 19).replace("T", " ") + " UTC",
  };
}

/** One markdown line: `CPU · N cores · M GB · Node vX · OS · date`. */
export function machineMarkdown(info = machineInfo()) {
  return `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGB} GB RAM, Node ${info.node}, ${info.os}; run ${info.date}.`;
}

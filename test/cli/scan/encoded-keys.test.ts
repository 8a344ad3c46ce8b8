/**
 * `scan` finds keys that are encoded: base64 wrapped at 76 columns (also in a JSON string), escapes across the read chunk.
 */
import { describe, expect, it } from "vitest";
import { masked, randomBody, secretKey } from "../../support/keys.js";
import { useTempTrees } from "../../support/trees.js";
import { scanJson } from "./support.js";

const tree = useTempTrees();

describe("encodings", () => {
  it("finds a key in a base64 block wrapped at 76 columns, at the line its encoding starts", async () => {
    const key = secretKey();
    const config = `service:\n  name: "${randomBody(40)}"\n  description: "${"lorem ipsum dolor sit amet ".repeat(4)}"\n  key: ${key}\n`;
    const encoded = Buffer.from(config).toString("base64");
    const wrapped = encoded.match(/.{1,76}/g)!.join("\n");
    const keyAt = Math.floor(config.indexOf(key) / 3) * 4;
    const expectedLine = 3 + Math.floor(keyAt / 76);
    const t = tree();
    t.write("secret.yaml", `kind: Secret\ndata: |\n${wrapped}\n`);
    const { report } = await scanJson(t.dir);
    expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual([`secret.yaml:${expectedLine}`]);
  });

  it("finds a key in a wrapped base64 block inside a JSON string, its breaks escaped", async () => {
    const key = secretKey();
    const env = `# production\nDB_HOST=db.internal\nDB_USER=${randomBody(12)}\nROXELS_SECRET_KEY=${key}\nREGION=eu-west-1\n`;
    const wrapped = Buffer.from(env).toString("base64").match(/.{1,76}/g)!.join("\\n");
    const t = tree();
    t.write("deploy.json", `{\n  "name": "app",\n  "secret": "${wrapped}"\n}\n`);
    t.write("noise.json", `{"blob": "${Buffer.from(randomBody(2000)).toString("base64").match(/.{1,76}/g)!.join("\\n")}"}\n`);
    const { report } = await scanJson(t.dir, [], [key]);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.encoding}:${f.masked}`)).toEqual([`deploy.json:3:base64:${masked(key)}`]);
  });

  it("finds an escaped key that straddles the 4 MiB read chunk", async () => {
    const key = secretKey();
    const chunk = 4 * 1024 * 1024;
    const head = "x ".repeat((chunk - 10) / 2);
    const t = tree();
    t.write("big.json", `${head}\\n${key}"\n`);
    const { report } = await scanJson(t.dir);
    expect(report.findings.map((f) => `${f.line}:${f.column}`)).toEqual([`1:${head.length + 3}`]);
  });
});

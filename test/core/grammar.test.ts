import { describe, expect, it } from "vitest";
import { classifyKey, findKeys, fingerprintKey, maskKey, Secret, type KeyKind } from "@roxels-guard/core";
import { anthropicKey, embedKey, masked, openaiLegacyKey, openaiProjectKey, randomBody, secretKey, stripeKey } from "../support/keys.js";

function kinds(text: string): KeyKind[] {
  return findKeys(text).map((m) => m.kind);
}

function onlyKey(text: string): string {
  const matches = findKeys(text);
  expect(matches).toHaveLength(1);
  return matches[0]!.secret.reveal();
}

describe("a Roxels secret key in every context a leak appears in", () => {
  const key = secretKey();
  const hyphenKey = secretKey({ hyphen: true });
  const contexts: Array<[string, (k: string) => string]> = [
    ["double-quoted string", (k) => `const key = "${k}";`],
    ["single-quoted string", (k) => `const key = '${k}'`],
    ["template literal", (k) => "fetch(url, { headers: { Authorization: `Bearer " + k + "` } })"],
    ["JSON", (k) => `{"roxels":{"apiKey":"${k}","base":"https://api.roxels.ai"}}`],
    ["YAML", (k) => `roxels:\n  api_key: ${k}\n  timeout: 30\n`],
    [".env", (k) => `PORT=3000\nROXELS_API_KEY=${k}\n`],
    ["shell export", (k) => `export ROXELS_API_KEY=${k} && node server.js`],
    ["Dockerfile", (k) => `FROM node:20\nENV ROXELS_API_KEY=${k}\nCMD ["node", "server.js"]`],
    ["Markdown code", (k) => "Run `curl -H 'Authorization: Bearer " + k + "' https://api.roxels.ai/v1/templates`"],
    ["HTML attribute", (k) => `<script src="https://app.roxels.ai/embed.js" data-template-key="${k}"></script>`],
    ["line comment", (k) => `// old key: ${k}\nconst x = 1;`],
    ["block comment", (k) => `/* ${k} */`],
    ["URL query", (k) => `https://api.roxels.ai/v1/templates?api_key=${k}&page=2`],
    ["percent-encoded URL", (k) => `https://example.com/cb?q=key%3D${k}`],
    ["a 20k-character minified line", (k) => `${"var a=b(c,d);".repeat(1500)}var K="${k}";${"e.f=g;".repeat(500)}`],
    ["CRLF file", (k) => `first\r\nROXELS_API_KEY=${k}\r\nlast\r\n`],
    ["HTML comment", (k) => `<p>hi</p><!--${k}-->`],
    ["Markdown rule", (k) => `${k}\n---\n`],
  ];
  for (const [name, wrap] of contexts) {
    it(`finds the sk_ form in a ${name}`, () => {
      expect(onlyKey(wrap(key))).toBe(key);
      expect(kinds(wrap(key))).toEqual(["roxels-secret"]);
    });
    it(`finds the sk- form in a ${name}`, () => {
      expect(onlyKey(wrap(hyphenKey))).toBe(hyphenKey);
    });
  }

  const terminators = [",", "&", ")", "}", "]", ";", '"', "'", "`", "\\n", "\n", "\r\n", " ", "<", "|", ":", "."];
  for (const terminator of terminators) {
    it(`ends the key before ${JSON.stringify(terminator)}`, () => {
      expect(onlyKey(`x=${key}${terminator}rest`)).toBe(key);
    });
  }

  it("finds a key at the very end of the text", () => {
    expect(onlyKey(`key=${key}`)).toBe(key);
  });

  it("finds a key after a backslash escape in a string literal", () => {
    for (const escape of ["\\n", "\\t", "\\r", "\\0", "\\x22", "\\u0022", "\\u003D"]) {
      expect(onlyKey(`"a${escape}${key}"`), escape).toBe(key);
    }
  });

  it("finds a key after an escape escaped again (JSON inside a JSON string), but not after a bare hex run", () => {
    for (const escape of ["\\\\n", "\\\\r\\\\n", "\\\\u0022", "\\\\\\\\n"]) {
      expect(onlyKey(`{"log":"{\\"msg\\":\\"a${escape}${key}\\"}"}`), escape).toBe(key);
    }
    expect(findKeys(`x22${key}`)).toEqual([]);
    expect(findKeys(`u0022${key}`)).toEqual([]);
  });

  it("finds a full key whatever punctuation follows it, stars and dots included", () => {
    for (const after of ["*/", "**", "*", "...", "…", ".", "!", "?"]) {
      expect(onlyKey(`/* ${key}${after}`), after).toBe(key);
    }
  });

  it("accepts the shortest and longest bodies and rejects outside them", () => {
    expect(kinds(`k=sk_${randomBody(24)}`)).toEqual(["roxels-secret"]);
    expect(kinds(`k=sk_${randomBody(64)}`)).toEqual(["roxels-secret"]);
    expect(kinds(`k=sk_${randomBody(23)}`)).toEqual([]);
    expect(kinds(`k=sk_${randomBody(65)}`)).toEqual([]);
  });

  it("reports the offset and length of the key", () => {
    const text = `const key = "${key}";`;
    const [match] = findKeys(text);
    expect(match!.index).toBe(text.indexOf(key));
    expect(match!.length).toBe(key.length);
    expect(match!.encoding).toBe("plain");
  });

  it("finds every key of a text, in order", () => {
    const other = secretKey();
    const found = findKeys(`a=${key}\nb=${other}\nc=${key}`).map((m) => m.secret.reveal());
    expect(found).toEqual([key, other, key]);
  });
});

function rejections(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  findKeys(text, { onRejected: (r) => out.push([text.slice(r.index, r.index + r.length), r.reason]) });
  return out;
}

describe("a key glued to separators at its end", () => {
  // The token runs over `-` and `_`, but no body ends in one: a trailing run of them is
  // punctuation, and the key is what stands before it.
  const endings = ["-->", "-", "_", "--", "__", "-_-", "_-", "---\n"];
  for (const hyphen of [false, true]) {
    for (const ending of endings) {
      it(`finds the ${hyphen ? "sk-" : "sk_"} form followed by ${JSON.stringify(ending)}`, () => {
        const key = secretKey({ hyphen });
        const text = `key: ${key}${ending}`;
        const matches = findKeys(text);
        expect(matches.map((m) => [m.kind, m.secret.reveal(), m.index, m.length])).toEqual([
          ["roxels-secret", key, 5, key.length],
        ]);
        expect(matches[0]!.secret.masked).toBe(masked(key));
      });
    }
  }

  it("finds a key glued to separators in an HTML comment and in a YAML value", () => {
    const [a, b] = [secretKey(), secretKey({ hyphen: true })];
    expect(findKeys(`<!--${a}-->\nkey: ${b}_\n`).map((m) => m.secret.reveal())).toEqual([a, b]);
  });

  it("finds an embed key so when asked, and still never reports it", () => {
    const key = embedKey();
    expect(findKeys(`<!--${key}-->`, { includeEmbed: true }).map((m) => [m.kind, m.secret.reveal()])).toEqual([
      ["roxels-embed", key],
    ]);
    expect(findKeys(`<!--${key}-->`)).toEqual([]);
  });

  it("keeps the body length bounds: separators do not count towards the body", () => {
    expect(kinds(`k=sk_${randomBody(24)}--`)).toEqual(["roxels-secret"]);
    expect(kinds(`k=sk_${randomBody(64)}__`)).toEqual(["roxels-secret"]);
    expect(kinds(`k=sk_${randomBody(23)}--`)).toEqual([]);
    expect(kinds(`k=sk_${randomBody(65)}_`)).toEqual([]);
  });

  it("does not take a key followed by a separator and more letters or digits, and says why", () => {
    for (const suffix of ["-2024", "_old", "-v2", "--x", "_2_", "-a-"]) {
      const key = secretKey();
      const text = `k=${key}${suffix} `;
      expect(kinds(text), suffix).toEqual([]);
      expect(rejections(text), suffix).toEqual([[`${key}${suffix}`, "suffixed"]]);
    }
    const hyphenKey = secretKey({ hyphen: true });
    expect(rejections(`${hyphenKey}-2024`)).toEqual([[`${hyphenKey}-2024`, "suffixed"]]);
  });

  it("says nothing of an embed key or a short body followed by a suffix", () => {
    expect(rejections(`${embedKey()}-2024 sk_${randomBody(12)}-2024`)).toEqual([]);
  });

  it("gives the placeholder reason of what stands before the separators", () => {
    expect(rejections("<!--sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxx-->")).toEqual([["sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "repetitive"]]);
    expect(rejections("sk_your_key_here_ sk-your-key-here--")).toEqual([
      ["sk_your_key_here", "placeholder-words"],
      ["sk-your-key-here", "placeholder-words"],
    ]);
    expect(rejections("<!--sk_customerSubscriptionIdentifier-->")).toEqual([["sk_customerSubscriptionIdentifier", "identifier"]]);
    expect(rejections("sk_-- sk-__ sk_-")).toEqual([]);
  });

  it("leaves other vendors' keys as they were, a trailing separator in their body included", () => {
    const project = `${openaiProjectKey()}-`;
    expect(findKeys(`K=${project}`).map((m) => [m.kind, m.secret.reveal()])).toEqual([["openai", project]]);
    const anthropic = `${anthropicKey()}_`;
    expect(findKeys(`K=${anthropic}`).map((m) => [m.kind, m.secret.reveal()])).toEqual([["anthropic", anthropic]]);
  });

  it("finds a Stripe or legacy OpenAI key glued to separators as what it is", () => {
    const [stripe, restricted, legacy] = [stripeKey("live"), stripeKey("test", true), openaiLegacyKey()];
    const text = `<!--${stripe}--> ${restricted}__ ${legacy}-`;
    expect(findKeys(text).map((m) => [m.kind, m.secret.reveal()])).toEqual([
      ["stripe-secret", stripe],
      ["stripe-restricted", restricted],
      ["openai", legacy],
    ]);
  });

  it("still reads a Stripe-shaped suffix as a Stripe key, not as a suffixed Roxels key", () => {
    const stripe = stripeKey("test");
    expect(kinds(`k=${stripe}`)).toEqual(["stripe-secret"]);
    expect(rejections(`k=${stripe}`)).toEqual([]);
  });
});

describe("identifiers that look like keys", () => {
  const identifiers: Array<[string, string]> = [
    ["a camelCase variable", "$sk_customerSubscriptionIdentifier"],
    ["a PascalCase CSS class", ".sk_ButtonPrimaryLargeDisabledState { }"],
    ["an upper-case constant", "sk_MAXIMUMNUMBEROFRETRIESALLOWED = 3"],
    ["an all lower-case name", "sk_alllowercaseidentifiernamehere()"],
    ["a hyphen-form camelCase name", "sk-customerSubscriptionIdentifier"],
    ["a 64-character PascalCase name", "sk_PrimaryButtonLargeDisabledStateHoverFocusTooltipContainerWrapper"],
  ];
  for (const [name, text] of identifiers) {
    it(`does not flag ${name}, and says it is an identifier`, () => {
      expect(kinds(text)).toEqual([]);
      expect(rejections(text).map(([, reason]) => reason)).toEqual(["identifier"]);
    });
  }

  it("still reports a name with a two-letter word: the rule stays narrow so that it almost never loses a key", () => {
    // Made by a call: as a literal it is a key to this repository's own lint rule, as it should be.
    const withTwoLetterWord = (prefix: string) => `${prefix}userIdForSubscriptionRenewalNotice`;
    expect(kinds(`k=${withTwoLetterWord("sk_")}`)).toEqual(["roxels-secret"]);
  });

  it("classifies a lone identifier as rejected", () => {
    expect(classifyKey("sk_customerSubscriptionIdentifier")).toEqual({ rejected: "identifier" });
  });

  // Random letters only: no digit, the shape the identifier rule looks at.
  const letters = (length: number) => {
    let out = "";
    while (out.length < length) out += randomBody(64).replace(/[0-9]/g, "");
    return out.slice(0, length);
  };

  it("keeps a body without digits whose capitals do not each start a lower-case word", () => {
    for (const body of [`${letters(22).toLowerCase()}QZ`, `${letters(23).toLowerCase()}Q`, `QZ${letters(22).toLowerCase()}`]) {
      expect(kinds(`k=sk_${body}`), body).toEqual(["roxels-secret"]);
    }
  });

  it("keeps a word-shaped body that holds a digit", () => {
    const body = `${letters(23).toLowerCase()}7`;
    expect(kinds(`k=sk_${body}`)).toEqual(["roxels-secret"]);
    expect(kinds(`k=sk_${letters(23).toUpperCase()}7`)).toEqual(["roxels-secret"]);
  });

  it("does not apply to Stripe keys, whose bodies may be as short as 16 characters", () => {
    // Made by a call: as a literal (or a constant join), this repository's own lint rule reports it.
    const stripeShaped = (mode: string) => `sk_${mode}_customerSubscriptionIdentifier`;
    expect(kinds(`k=${stripeShaped("live")}`)).toEqual(["stripe-secret"]);
  });
});

describe("traps that are not keys", () => {
  const body = randomBody(32);
  const traps: Array<[string, string]> = [
    ["disk_usage", "total, used, free = shutil.disk_usage(path)"],
    ["task_sk_id", `task_sk_id = "${body}"`],
    ["MY_sk_ prefix", `MY_sk_${body}`],
    ["an identifier ending in sk_", `flask_${body}`],
    ["the Slovak locale", `locales = ["sk_SK", "en_US"]; sk_SK_${body.slice(0, 8)}`],
    ["Linux sk_buff and sk_alloc", "struct sk_buff *skb = sk_alloc(net, PF_INET, GFP_KERNEL, &proto, 1);"],
    ["a CSS class", ".sk_button { color: red } .sk_button--primary-large-rounded { }"],
    ["sk_ inside a hex blob", `digest=deadbeefcafe0123sk_${body}`],
    ["sk_ inside a base64 blob", `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB+sk_${body}`],
    ["sk_ inside a JWT segment", `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0-sk_${body}.SflKxwRJSMeKKF2QT4fw`],
    ["an embed key", `templateKey: "${embedKey()}"`],
    ["an embed key, hyphen form", `data-template-key="${embedKey({ hyphen: true })}"`],
    ["a body with an underscore", `sk_${body.slice(0, 12)}_${body.slice(12)}`],
    ["a redacted key with stars", "sk_AbCd****wXyZ"],
    ["a masked key with an ellipsis", "sk_AbCd…wXyZ"],
    ["sk-sk-sk run", "sk-sk-sk-sk-sk-sk-sk-sk-sk-sk-sk-sk"],
  ];
  for (const [name, text] of traps) {
    it(`does not flag ${name}`, () => {
      expect(kinds(text)).toEqual([]);
    });
  }

  const placeholders = [
    "sk_your_key_here",
    "sk-your-key-here",
    "sk_YOUR_SECRET_KEY",
    "sk_yourkeyhereyourkeyhere1234",
    "sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "sk_XXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "sk_…",
    "sk_...",
    "sk_<KEY>",
    "sk_${ROXELS_KEY}",
    "sk_{{ key }}",
    "sk_000000000000000000000000000000",
    "sk_abababababababababababababababab",
    "sk_abcdefghijklmnopqrstuvwxyz012345",
    "sk_1234567890123456789012345678",
    "sk_exampleKEYexampleKEYexample99",
    "sk_REDACTEDredactedREDACTEDxx",
    "sk_testtesttesttesttesttesttest",
    "sk_dummyDummyDummyDummyDummy123",
    "sk_FAKEKEYFAKEKEYFAKEKEYFAKEKEY",
    "sk-placeholderPlaceholder1234567",
  ];
  for (const placeholder of placeholders) {
    it(`rejects the placeholder ${placeholder}`, () => {
      expect(kinds(`ROXELS_API_KEY=${placeholder}`)).toEqual([]);
    });
  }

  it("says why a placeholder was rejected", () => {
    const reasons: string[] = [];
    findKeys("a=sk_your_key_here b=sk_xxxxxxxxxxxxxxxxxxxxxxxxxxxx c=sk_…", { onRejected: (r) => reasons.push(r.reason) });
    expect(reasons).toEqual(["placeholder-words", "repetitive", "empty"]);
  });

  it("keeps a random key that happens to contain a short word", () => {
    const key = `sk_${randomBody(12)}key${randomBody(14)}`;
    expect(onlyKey(`k=${key}`)).toBe(key);
  });
});

describe("other vendors' look-alikes", () => {
  const cases: Array<[string, () => string, KeyKind]> = [
    ["Stripe live secret", () => stripeKey("live"), "stripe-secret"],
    ["Stripe test secret", () => stripeKey("test"), "stripe-secret"],
    ["Stripe live restricted", () => stripeKey("live", true), "stripe-restricted"],
    ["Stripe test restricted", () => stripeKey("test", true), "stripe-restricted"],
    ["OpenAI project key", openaiProjectKey, "openai"],
    ["OpenAI service-account key", () => `sk-svcacct-${randomBody(60)}`, "openai"],
    ["OpenAI admin key", () => `sk-admin-${randomBody(60)}`, "openai"],
    ["OpenAI legacy key", openaiLegacyKey, "openai"],
    ["Anthropic key", anthropicKey, "anthropic"],
  ];
  for (const [name, make, kind] of cases) {
    it(`classifies a ${name} as ${kind}, not as a Roxels key`, () => {
      const key = make();
      const matches = findKeys(`KEY="${key}"`);
      expect(matches.map((m) => m.kind)).toEqual([kind]);
      expect(matches[0]!.secret.reveal()).toBe(key);
    });
  }

  it("does not find a Roxels key inside a vendor key", () => {
    const key = `sk-proj-${randomBody(30)}-sk_${randomBody(32)}`;
    expect(kinds(key)).toEqual(["openai"]);
  });
});

describe("encoded keys", () => {
  const key = secretKey();
  const b64 = (s: string) => Buffer.from(s, "latin1").toString("base64");

  it("finds a base64-encoded key at each byte alignment", () => {
    for (const prefix of ["", "a", "ab"]) {
      const text = `value: ${b64(`${prefix} ${key}`)}`;
      const matches = findKeys(text);
      expect(matches.map((m) => m.secret.reveal())).toEqual([key]);
      expect(matches[0]!.encoding).toBe("base64");
      expect(matches[0]!.index).toBe(text.indexOf(b64(`${prefix} ${key}`)));
    }
  });

  it("finds a key in a Kubernetes Secret data value", () => {
    const yaml = `apiVersion: v1\nkind: Secret\ndata:\n  ROXELS_API_KEY: ${b64(key)}\n`;
    expect(findKeys(yaml).map((m) => [m.kind, m.encoding])).toEqual([["roxels-secret", "base64"]]);
  });

  it("finds a key in a Docker auth user:key pair", () => {
    const json = JSON.stringify({ auths: { "registry.example.com": { auth: b64(`bot:${key}`) } } });
    expect(onlyKey(json)).toBe(key);
  });

  it("finds a key in a dockerconfigjson secret (base64 inside base64)", () => {
    const inner = JSON.stringify({ auths: { r: { auth: b64(`bot:${key}`) } } });
    expect(onlyKey(`data:\n  .dockerconfigjson: ${b64(inner)}\n`)).toBe(key);
  });

  it("finds a key in a URL-safe base64 value", () => {
    const encoded = Buffer.from(`x:${key}`).toString("base64url");
    expect(onlyKey(`token=${encoded}`)).toBe(key);
  });

  it("ignores base64 of a placeholder and random base64", () => {
    expect(kinds(`v: ${b64("sk_your_key_here_please")}`)).toEqual([]);
    expect(kinds(`v: ${Buffer.from(randomBody(3000)).toString("base64")}`)).toEqual([]);
  });

  it("finds a key in a wrapped block held in a JSON string, its breaks escaped, on the line of the string", () => {
    const env = (k: string) => `# deploy\nDB_HOST=db.internal\nDB_USER=${randomBody(10)}\nROXELS_SECRET_KEY=${k}\nREGION=eu\n`;
    for (const lineBreak of ["\\n", "\\r\\n"]) {
      for (let shift = 0; shift < 3; shift++) {
        const k = secretKey();
        const encoded = b64(`${"#".repeat(shift)}${env(k)}`);
        const wrappedValue = encoded.match(/.{1,76}/g)!.join(lineBreak);
        const json = `{\n  "name": "app",\n  "secret": "${wrappedValue}"\n}\n`;
        const matches = findKeys(json);
        expect(matches.map((m) => [m.secret.reveal(), m.encoding]), `${lineBreak}/${shift}`).toEqual([[k, "base64"]]);
        // Where the key's own encoding starts: in the string, past the escapes before it.
        const keyAt = Math.floor(`${"#".repeat(shift)}${env(k)}`.indexOf(k) / 3) * 4;
        const line = Math.floor(keyAt / 76);
        expect(matches[0]!.index).toBe(json.indexOf(wrappedValue) + keyAt + line * lineBreak.length);
      }
    }
  });

  it("finds a key in a PEM block held in a JSON string, and nothing in random base64 there", () => {
    const k = secretKey();
    const pem = `-----BEGIN DATA-----\\n${b64(`${randomBody(50)}\nkey: ${k}\n`).match(/.{1,64}/g)!.join("\\n")}\\n-----END DATA-----\\n`;
    expect(findKeys(JSON.stringify({ pem: "" }).replace('""', `"${pem}"`)).map((m) => m.secret.reveal())).toEqual([k]);
    const random = Buffer.from(randomBody(3000)).toString("base64").match(/.{1,76}/g)!.join("\\n");
    expect(findKeys(`{"blob": "${random}"}`)).toEqual([]);
  });

  it("can be told not to decode", () => {
    expect(findKeys(`v: ${b64(key)}`, { decodeBase64: false })).toEqual([]);
  });
});

describe("masking and fingerprints", () => {
  it("masks a key as prefix, four characters, ellipsis, four characters", () => {
    const key = `sk_AbCd${randomBody(24)}wXyZ`;
    expect(maskKey(key)).toBe("sk_AbCd…wXyZ");
  });

  it("keeps vendor prefixes readable in the masked form", () => {
    const key = stripeKey("live");
    expect(findKeys(key)[0]!.secret.masked).toBe(`sk_live_${key.slice(8, 12)}…${key.slice(-4)}`);
  });

  it("gives a stable 16-hex-digit fingerprint that differs between keys", () => {
    const key = secretKey();
    expect(fingerprintKey(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintKey(key)).toBe(fingerprintKey(key));
    expect(fingerprintKey(secretKey())).not.toBe(fingerprintKey(key));
  });

  it("never shows the key through any string conversion of a Secret", async () => {
    const key = secretKey();
    const secret = new Secret(key, 3);
    const { inspect } = await import("node:util");
    const renderings = [
      String(secret),
      `${secret}`,
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5 }),
      // eslint-disable-next-line @typescript-eslint/restrict-plus-operands
      "" + (secret as unknown as string),
      Object.keys(secret).join(","),
    ];
    for (const text of renderings) expect(text).not.toContain(key.slice(3));
    expect(secret.reveal()).toBe(key);
    expect(secret.matches(key)).toBe(true);
  });

  it("classifies a lone value", () => {
    expect(classifyKey(`  ${secretKey()}\n`)).toMatchObject({ kind: "roxels-secret" });
    expect(classifyKey("sk_your_key_here")).toMatchObject({ rejected: "placeholder-words" });
    expect(classifyKey(`${secretKey()} extra`)).toBeNull();
  });
});

describe("linear time on hostile input", () => {
  // These assert results, not speed: a regex that backtracks would not finish at all
  // within the test time-out, which is the failure they guard against.
  it("handles 10 MB of sk_sk_sk_", () => {
    expect(findKeys("sk_".repeat(3_500_000))).toEqual([]);
  });

  it("handles 10 MB of sk-sk-sk-", () => {
    expect(findKeys("sk-".repeat(3_500_000))).toEqual([]);
  });

  it("finds a key at the end of a single 20 MB line", () => {
    const key = secretKey();
    const text = `${"a".repeat(20_000_000)} ${key}`;
    expect(findKeys(text).map((m) => m.index)).toEqual([20_000_001]);
  });

  it("handles a 20 MB base64 blob", () => {
    expect(findKeys(Buffer.alloc(15_000_000, 7).toString("base64"))).toEqual([]);
  });
});

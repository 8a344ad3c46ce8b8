import { describe, it } from "vitest";
import { noCredentialLogging } from "../../../rules/no-credential-logging/index.js";
import { embedKey, secretKey, stripeKey } from "../../support/keys.js";
import { expectNoKeyInMessages, ruleTester } from "../support/rule-tester.js";

const sk = secretKey();
const stripe = stripeKey("test");

const tester = ruleTester();

/** The one suggestion a logger set-up gets: its options with the redaction added. */
const fixedSetup = (output: string) => [{ messageId: "fixLoggerSetup" as const, output }];

tester.run("no-credential-logging", noCredentialLogging, {
  valid: [
    // A rejection handler that is not a logger, or a promise that is not an HTTP call.
    'import axios from "axios";\naxios.get(url).catch(handleError);',
    'import axios from "axios";\nload().catch(console.error);',
    // What is fine to log.
    "console.log(req.url, res.statusCode);",
    'console.log(req.headers["content-type"]);',
    "logger.info({ method: req.method, url: req.url, status: res.statusCode });",
    'console.log(response.headers.get("content-type"));',
    "console.log(Object.keys(req.headers));",
    "console.log(process.env.NODE_ENV, process.env.ROXELS_API_BASE);",
    "console.log(process.env.ROXELS_EMBED_KEY);",
    `console.log("${embedKey()}");`,
    'console.log("sk_your_key_here");',
    // Redaction helpers clear a value.
    "console.log(redact(req.headers));",
    "logger.info({ headers: sanitize(req.headers) });",
    "console.log(mask(process.env.ROXELS_API_KEY));",
    { code: "console.log(hideSecrets(req.headers));", options: [{ redactionFunctions: ["hideSecrets"] }] },
    '{ const auth = { authorization: "[redacted]" }; console.log(auth); }',
    // Not a sink: passing headers on is not logging them.
    "fetch(url, { headers: req.headers });",
    "const h = new Headers(init.headers);",
    "metrics.increment(req.headers);",
    "Math.log(config.headers);",
    // Not a carrier: an unrelated error, an unrelated `config`.
    "try { work(); } catch (error) { console.error(error); }",
    "console.log(app.config);",
    // `authorization` on an object that is no header object: permissions, not a credential.
    "console.log(user.authorization);",
    "logger.info({ role: user.authorization, scopes: session.authorization.scopes });",
    'console.log(policy["Authorization"], this.authorization);',
    "const account = getAccount();\nconsole.log(account.authorization);",
    "console.log(`granted ${grant.proxyAuthorization}`);",
    // Parameters are unknown values.
    "function f(token) { console.log(token); }",
    // Logger set-ups that redact.
    'import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: ["req.headers.authorization"] }));',
    'import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "***" } }));',
    'import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: ["req.headers"] }));',
    'import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: ["*.headers.authorization"] }));',
    'import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: [\'req.headers["authorization"]\'] }));',
    'import pinoHttp from "pino-http";\napp.use(pinoHttp({ serializers: { req: (req) => ({ url: req.url }) } }));',
    'import pinoHttp from "pino-http";\nimport pino from "pino";\nconst logger = pino({ redact: ["req.headers.authorization"] });\napp.use(pinoHttp({ logger }));',
    'const expressPino = require("express-pino-logger");\napp.use(expressPino(options));',
    'import morgan from "morgan";\napp.use(morgan("combined"));',
    'import morgan from "morgan";\napp.use(morgan(":method :url :status :req[content-type]"));',
    'import expressWinston from "express-winston";\napp.use(expressWinston.logger({ transports, headerBlacklist: ["authorization", "cookie"] }));',
    'import expressWinston from "express-winston";\napp.use(expressWinston.logger({ transports, requestWhitelist: ["url", "method"] }));',
    // A function that happens to be called morgan but comes from elsewhere.
    'import { morgan } from "./people";\nmorgan(":req[authorization]");',
    // Required inline, with options that redact; other modules required inline.
    'app.use(require("pino-http")({ redact: ["req.headers.authorization"] }));',
    'app.use(require("morgan")("combined"));',
    'app.use(require("express-winston").logger({ transports, headerBlacklist: ["authorization"] }));',
    'app.use(require("pino-http").stdSerializers.req(req));',
    'app.use(require("./pino-http-wrapper")());',
    'app.use(require("helmet")());',
    // Format strings that build no Authorization value, or fill it with a constant or a redaction.
    'logger.info("user %s signed in", user.name);',
    'console.log("Bearer token for %s expired", user.id);',
    'console.log("status %d, Bearer %s", res.status, "[redacted]");',
    'logger.info("Bearer %s", redact(token));',
    'console.log("100%% Bearer %s");',
    'console.log("Bearer %s", ...parts);',
    'console.log(String(req.url), "Bearer", token);',
    // TypeScript's import-require: no crash, and no env var binding.
    'import cfg = require("./cfg");\nconsole.log(cfg);',
    'import env = require("./cfg");\nconst dir = "$env/dynamic/";\nconsole.log(env.PUBLIC_URL);',
    'import Ns = Other.Inner;\nconsole.log(Ns);',
  ],
  invalid: [
    {
      code: "console.log(req.headers);",
      errors: [{ messageId: "credentialLogged", column: 13, data: { sink: "console.log", carrier: "request headers (req.headers)" } }],
    },
    { code: "console.error('response', res.headers);", errors: [{ messageId: "credentialLogged", column: 27, data: { sink: "console.error", carrier: "response headers (res.headers)" } }] },
    { code: "logger.warn(err.response.headers);", errors: [{ messageId: "credentialLogged", data: { sink: "logger.warn", carrier: "response headers (err.response.headers)" } }] },
    // A logger handed over as the rejection handler of an axios call logs the axios error.
    {
      code: 'import axios from "axios";\naxios.get(url).catch(console.error);',
      errors: [{ messageId: "credentialLogged", line: 2, column: 22, data: { sink: "console.error", carrier: "the axios error (its config holds the request headers)" } }],
    },
    {
      code: 'import axios from "axios";\naxios.post(url, body).then(handle, logger.error);',
      errors: [{ messageId: "credentialLogged", line: 2, column: 36 }],
    },
    { code: "console.log(init.headers, config.headers);", errors: [{ messageId: "credentialLogged", column: 13 }, { messageId: "credentialLogged", column: 27 }] },
    { code: "console.log(new Headers(init.headers));", errors: [{ messageId: "credentialLogged" }] },
    { code: "console.log(req.headers.authorization);", errors: [{ messageId: "credentialLogged" }] },
    { code: 'console.log(req.headers["Authorization"]);', errors: [{ messageId: "credentialLogged" }] },
    // `authorization` on a header object.
    { code: "console.log(config.headers.Authorization);", errors: [{ messageId: "credentialLogged", data: { sink: "console.log", carrier: "an Authorization header (config.headers.Authorization)" } }] },
    { code: "console.log(error.config.headers.authorization);", errors: [{ messageId: "credentialLogged" }] },
    { code: "function f(headers) { console.log(headers.authorization); }", errors: [{ messageId: "credentialLogged" }] },
    { code: "function f(reqHeaders, proxyHeaders) { console.log(reqHeaders.authorization, proxyHeaders['proxy-authorization']); }", errors: [{ messageId: "credentialLogged" }, { messageId: "credentialLogged" }] },
    { code: "const h = req.headers;\nconsole.log(h.authorization);", errors: [{ messageId: "credentialLogged", line: 2 }] },
    { code: "const h = new Headers(init);\nconsole.log(h.authorization);", errors: [{ messageId: "credentialLogged", line: 2 }] },
    { code: "console.log(res.getHeaders().authorization);", errors: [{ messageId: "credentialLogged" }] },
    { code: "console.log(req.headers?.authorization ?? 'none');", errors: [{ messageId: "credentialLogged" }] },
    { code: 'console.log(user.headers.get("authorization"));', errors: [{ messageId: "credentialLogged" }] },
    { code: 'console.log(request.headers.get("Authorization"));', errors: [{ messageId: "credentialLogged" }] },
    { code: 'logger.debug(`auth=${req.get("authorization")}`);', errors: [{ messageId: "credentialLogged", column: 14 }] },
    { code: "console.log(`Bearer ${token}`);", errors: [{ messageId: "credentialLogged", data: { sink: "console.log", carrier: "a Bearer Authorization value" } }] },
    { code: 'console.log("Bearer " + token);', errors: [{ messageId: "credentialLogged" }] },
    // A format string that builds an Authorization value from a later argument.
    {
      code: 'logger.info("Bearer %s", token);',
      errors: [{ messageId: "credentialLogged", column: 26, data: { sink: "logger.info", carrier: "a Bearer Authorization value (through the format string's %s)" } }],
    },
    { code: 'console.log("Authorization: Bearer %s", key);', errors: [{ messageId: "credentialLogged", column: 41 }] },
    { code: 'console.log("Authorization: %s", header);', errors: [{ messageId: "credentialLogged", data: { sink: "console.log", carrier: "an Authorization header value (through the format string's %s)" } }] },
    { code: 'console.log(`sending %s to %s with Bearer %s`, method, url, token);', errors: [{ messageId: "credentialLogged", column: 61 }] },
    { code: 'console.log("100%% done; x-api-key=%s", apiKey);', errors: [{ messageId: "credentialLogged", column: 41 }] },
    { code: 'logger.info({ reqId }, "Bearer %s", token);', errors: [{ messageId: "credentialLogged", column: 37 }] },
    { code: 'import debug from "debug";\nconst dbg = debug("http");\ndbg("auth=%o Bearer %j", opts, t);', errors: [{ messageId: "credentialLogged", line: 3, column: 32 }] },
    { code: 'console.log(util.format("Authorization: Bearer %s", token));', errors: [{ messageId: "credentialLogged", column: 13 }] },
    // Sinks.
    { code: "process.stdout.write(JSON.stringify(req.headers));", errors: [{ messageId: "credentialLogged", data: { sink: "process.stdout.write", carrier: "request headers (req.headers)" } }] },
    { code: "process.stderr.write(String(req.headers.authorization));", errors: [{ messageId: "credentialLogged" }] },
    { code: "logger.info({ headers: req.headers }, 'request');", errors: [{ messageId: "credentialLogged", column: 13 }] },
    { code: "log.debug({ req: { headers: req.headers } });", errors: [{ messageId: "credentialLogged" }] },
    { code: "this.logger.warn(req.headers);", errors: [{ messageId: "credentialLogged", data: { sink: "this.logger.warn", carrier: "request headers (req.headers)" } }] },
    { code: "req.log.info(req.headers);", errors: [{ messageId: "credentialLogged" }] },
    { code: "const child = logger.child({ headers: req.headers });", errors: [{ messageId: "credentialLogged" }] },
    { code: 'import pino from "pino";\nconst l = pino();\nl.info(req.headers);', errors: [{ messageId: "credentialLogged", line: 3, data: { sink: "l.info", carrier: "request headers (req.headers)" } }] },
    { code: 'import winston from "winston";\nconst out = winston.createLogger({});\nout.error(req.headers);', errors: [{ messageId: "credentialLogged", line: 3 }] },
    { code: 'const bunyan = require("bunyan");\nconst b = bunyan.createLogger({ name: "x" });\nb.info(res.headers);', errors: [{ messageId: "credentialLogged", line: 3 }] },
    { code: 'import debug from "debug";\nconst dbg = debug("app:http");\ndbg("%o", req.headers);', errors: [{ messageId: "credentialLogged", line: 3, column: 11, data: { sink: "dbg", carrier: "request headers (req.headers)" } }] },
    { code: "audit.record(req.headers);", options: [{ sinkFunctions: ["audit.record"] }], errors: [{ messageId: "credentialLogged" }] },
    { code: "trail.emit(req.headers);", options: [{ loggerNames: ["trail"], logMethods: ["emit"] }], errors: [{ messageId: "credentialLogged" }] },
    // Secret env vars and values assigned from them, followed through local variables.
    { code: "console.log(process.env.ROXELS_API_KEY);", errors: [{ messageId: "credentialLogged", data: { sink: "console.log", carrier: "process.env.ROXELS_API_KEY" } }] },
    { code: "console.log('key:', import.meta.env.ROXELS_SECRET_KEY);", errors: [{ messageId: "credentialLogged" }] },
    {
      code: "function send() {\n  const key = process.env.ROXELS_API_KEY;\n  const auth = `Bearer ${key}`;\n  const init = { method: 'POST', headers: { Authorization: auth } };\n  console.log('sending', init);\n}",
      errors: [{ messageId: "credentialLogged", line: 5, column: 26 }],
    },
    { code: "const { ROXELS_API_KEY } = process.env;\nconsole.log(ROXELS_API_KEY);", errors: [{ messageId: "credentialLogged", line: 2 }] },
    { code: "const key = process.env.ROXELS_API_KEY ?? '';\nlogger.info(`using ${key}`);", errors: [{ messageId: "credentialLogged", line: 2 }] },
    { code: `const key = "${sk}";\nconsole.log(key);`, errors: [{ messageId: "credentialLogged", line: 2 }] },
    { code: `console.log("${stripe}");`, errors: [{ messageId: "credentialLogged" }] },
    { code: "console.log(options.roxelsApiKey);", errors: [{ messageId: "credentialLogged" }] },
    { code: "console.log(process.env.MY_TOKEN);", options: [{ secretEnvVars: ["MY_TOKEN"] }], errors: [{ messageId: "credentialLogged" }] },
    // HTTP-client configs and errors that carry headers.
    { code: "fetch(url, init).catch(() => console.log(init));\nconst init = { headers: { authorization: `Bearer ${t}` } };", errors: [{ messageId: "credentialLogged" }] },
    { code: "console.log({ method: 'GET', headers });", errors: [{ messageId: "credentialLogged" }] },
    { code: "console.error(error.config);", errors: [{ messageId: "credentialLogged", data: { sink: "console.error", carrier: "error.config, which holds the request headers" } }] },
    { code: "console.error(err.request);", errors: [{ messageId: "credentialLogged" }] },
    { code: "logger.error(error.response.config);", errors: [{ messageId: "credentialLogged" }] },
    {
      code: 'import axios from "axios";\nasync function f() {\n  try { await axios.get(url); } catch (error) { console.error(error); }\n}',
      errors: [{ messageId: "credentialLogged", line: 3, column: 63 }],
    },
    {
      code: 'import axios from "axios";\nconst api = axios.create({ baseURL });\napi.post("/v1/interviews", body).catch((e) => logger.error(e));',
      errors: [{ messageId: "credentialLogged", line: 3 }],
    },
    {
      code: 'import axios from "axios";\naxios.interceptors.request.use((config) => { console.log(config); return config; });',
      errors: [{ messageId: "credentialLogged", line: 2, column: 58 }],
    },
    {
      code: 'import axios from "axios";\napi.interceptors.response.use((r) => r, (error) => { log.error(error); throw error; });',
      errors: [{ messageId: "credentialLogged", line: 2 }],
    },
    // Logger set-ups that capture headers without redaction.
    {
      code: 'import pinoHttp from "pino-http";\napp.use(pinoHttp());',
      errors: [{ messageId: "loggerCapturesHeaders", line: 2, column: 9, suggestions: fixedSetup('import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: ["req.headers.authorization"] }));') }],
    },
    {
      code: 'const pinoHttp = require("pino-http");\napp.use(pinoHttp({ level: "info" }));',
      errors: [{ messageId: "loggerCapturesHeaders", line: 2, suggestions: fixedSetup('const pinoHttp = require("pino-http");\napp.use(pinoHttp({ level: "info", redact: ["req.headers.authorization"] }));') }],
    },
    {
      code: 'import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: ["req.headers.cookie"] }));',
      errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('import pinoHttp from "pino-http";\napp.use(pinoHttp({ redact: ["req.headers.cookie", "req.headers.authorization"] }));') }],
    },
    {
      code: 'import expressPino from "express-pino-logger";\napp.use(expressPino({ redact: { paths: ["res.headers"] } }));',
      errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('import expressPino from "express-pino-logger";\napp.use(expressPino({ redact: { paths: ["res.headers", "req.headers.authorization"] } }));') }],
    },
    {
      code: 'import pinoHttp from "pino-http";\nimport pino from "pino";\nconst logger = pino({ level: "info" });\napp.use(pinoHttp({ logger }));',
      errors: [{ messageId: "loggerCapturesHeaders", line: 4, suggestions: fixedSetup('import pinoHttp from "pino-http";\nimport pino from "pino";\nconst logger = pino({ level: "info", redact: ["req.headers.authorization"] });\napp.use(pinoHttp({ logger }));') }],
    },
    {
      code: 'import morgan from "morgan";\napp.use(morgan(":method :url :req[Authorization]"));',
      errors: [{ messageId: "loggerCapturesHeaders", line: 2, column: 9, suggestions: fixedSetup('import morgan from "morgan";\napp.use(morgan(":method :url"));') }],
    },
    {
      code: 'import expressWinston from "express-winston";\napp.use(expressWinston.logger({ transports }));',
      errors: [{ messageId: "loggerCapturesHeaders", line: 2, suggestions: fixedSetup('import expressWinston from "express-winston";\napp.use(expressWinston.logger({ transports, headerBlacklist: ["authorization"] }));') }],
    },
    {
      code: 'const expressWinston = require("express-winston");\napp.use(expressWinston.errorLogger({ transports, headerBlacklist: ["cookie"] }));',
      errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('const expressWinston = require("express-winston");\napp.use(expressWinston.errorLogger({ transports, headerBlacklist: ["cookie", "authorization"] }));') }],
    },
    // CommonJS: required inline, or into a variable (TypeScript's import-require too).
    {
      code: 'app.use(require("pino-http")());',
      errors: [{ messageId: "loggerCapturesHeaders", column: 9, data: { setup: 'require("pino-http")()', fix: 'add redact: ["req.headers.authorization"] to its options' }, suggestions: fixedSetup('app.use(require("pino-http")({ redact: ["req.headers.authorization"] }));') }],
    },
    { code: 'app.use(require("pino-http").default({ level: "info" }));', errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('app.use(require("pino-http").default({ level: "info", redact: ["req.headers.authorization"] }));') }] },
    { code: 'app.use(require("pino-http").pinoHttp());', errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('app.use(require("pino-http").pinoHttp({ redact: ["req.headers.authorization"] }));') }] },
    { code: 'const httpLogger = require("express-pino-logger")();\napp.use(httpLogger);', errors: [{ messageId: "loggerCapturesHeaders", line: 1, suggestions: fixedSetup('const httpLogger = require("express-pino-logger")({ redact: ["req.headers.authorization"] });\napp.use(httpLogger);') }] },
    { code: 'app.use(require("morgan")(":method :url :req[authorization]"));', errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('app.use(require("morgan")(":method :url"));') }] },
    { code: 'app.use(require("express-winston").logger({ transports }));', errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('app.use(require("express-winston").logger({ transports, headerBlacklist: ["authorization"] }));') }] },
    { code: 'app.use(require("express-winston").errorLogger({ transports }));', errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('app.use(require("express-winston").errorLogger({ transports, headerBlacklist: ["authorization"] }));') }] },
    { code: 'app.use((await import("pino-http")).default());', errors: [{ messageId: "loggerCapturesHeaders", suggestions: fixedSetup('app.use((await import("pino-http")).default({ redact: ["req.headers.authorization"] }));') }] },
    { code: 'const morgan = require("morgan");\napp.use(morgan(":req[authorization]"));', errors: [{ messageId: "loggerCapturesHeaders", line: 2, suggestions: [] }] },
    { code: 'const { pinoHttp } = require("pino-http");\napp.use(pinoHttp());', errors: [{ messageId: "loggerCapturesHeaders", line: 2, suggestions: fixedSetup('const { pinoHttp } = require("pino-http");\napp.use(pinoHttp({ redact: ["req.headers.authorization"] }));') }] },
    { code: 'import logHttp = require("pino-http");\napp.use(logHttp());', errors: [{ messageId: "loggerCapturesHeaders", line: 2, suggestions: fixedSetup('import logHttp = require("pino-http");\napp.use(logHttp({ redact: ["req.headers.authorization"] }));') }] },
  ],
});

describe("no-credential-logging messages", () => {
  it("show the masked key, never the key", () => {
    expectNoKeyInMessages(
      "no-credential-logging",
      noCredentialLogging,
      [
        { code: `console.log("${sk}");` },
        { code: `const key = "${sk}";\nconsole.log(\`Bearer \${key}\`, key);` },
        { code: `logger.info({ stripe: "${stripe}" });` },
        { code: `console.log("${sk} Bearer %s", token);` },
      ],
      [sk, stripe],
    );
  });
});

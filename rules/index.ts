import { noCredentialLogging } from "./no-credential-logging/index.js";
import { noSecretInClient } from "./no-secret-in-client/index.js";
import { noSecretKeyLiteral } from "./no-secret-key-literal/index.js";

/** Every rule of eslint-plugin-roxels, by name (without the `roxels/` namespace). */
export const rules = {
  "no-secret-key-literal": noSecretKeyLiteral,
  "no-secret-in-client": noSecretInClient,
  "no-credential-logging": noCredentialLogging,
};

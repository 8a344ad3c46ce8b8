export { formatJson, toJsonFinding, type JsonFinding, type JsonReport } from "./json.js";
export { formatSarif, pathToUri, type SarifOptions } from "./sarif.js";
export { formatBytes, formatFindingLine, formatText, printablePath, type TextOptions } from "./text.js";

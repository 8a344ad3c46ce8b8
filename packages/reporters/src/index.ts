export { jsonPieces, mapped, Streamed } from "./json-pieces.js";
export { formatJson, jsonReport, toJsonFinding, type JsonFinding, type JsonReport } from "./json.js";
export { formatSarif, pathToUri, sarifReport, type SarifOptions } from "./sarif.js";
export { formatBytes, formatFindingLine, formatText, printablePath, skippedLabel, type TextOptions } from "./text.js";

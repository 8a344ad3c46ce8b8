export {
  classifyKey,
  classifyToken,
  FINDING_KINDS,
  hasRoxelsSecretShape,
  isRoxelsSecret,
  KEY_PREFIXES,
  KIND_ADVICE,
  KIND_DESCRIPTIONS,
  KIND_SEVERITY,
  MAX_TOKEN_LENGTH,
  ROXELS_BODY_MAX,
  ROXELS_BODY_MIN,
  type Classification,
  type KeyKind,
  type RejectReason,
} from "./grammar.js";
export { findKeys, hasKeyPrefix, type FindKeysOptions, type KeyMatch, type RejectedCandidate } from "./find-keys.js";
export { looksLikePlaceholderText, placeholderReason, shannonEntropy, type PlaceholderReason } from "./placeholder.js";
export { detachedCopy, fingerprintKey, isFingerprint, maskKey, Secret } from "./secret.js";
export { codeUnitBytes, decodeBuffer, decodeChunk, detectEncoding, SNIFF_LENGTH, type DecodedText, type TextEncoding } from "./text-decoding.js";
export { countLineFeeds, lineAt, PositionMapper, positionOf, utf16Width, type Position } from "./position.js";
export { binaryChunkNeeds, chunkNeeds, isBinaryCandidateAt, isPlainCandidateAt, mayHoldKey, mayHoldKeyPortable } from "./byte-prefilter.js";
export { kernelAvailable, kernelReadBuffer } from "./simd-kernel.js";
export { redactKeys } from "./redact.js";
export { OTHER_KIND, VENDORS, type VendorKind, type VendorRule } from "./vendors.js";
export { ignoreCommentFor, inlineIgnoreReason } from "./ignore-comment.js";
export { UsageError } from "./errors.js";
export { mayHoldUtf16Key, utf16Views, type Utf16View } from "./utf16-views.js";

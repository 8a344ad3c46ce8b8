export { startMockApi, errorBody, DEFAULT_MOCK_PATHS, type MockApi, type MockApiOptions, type MockApiPaths, type MockApiStats } from "./server.js";
export { FaultPlan, retryAfterValue, seededRandom, type ChaosFault, type Endpoint, type Fault, type QueuedFault, type RetryAfter } from "./faults.js";
export { generateKey, keyType, MockOrg, type MockKeyInput, type MockKeyRecord, type MockKeyType } from "./org.js";
export { maskForLog, RequestLog, type LoggedRequest } from "./request-log.js";

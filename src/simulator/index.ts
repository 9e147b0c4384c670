/**
 * A RingCentral look-alike on 127.0.0.1 for tests, benchmarks and `recordings demo`
 * (docs/design.md, "The simulator and the demo"). It imports nothing else of this project.
 */
export { startSimulator, type Simulator, type SimulatorStats, type RequestLogEntry } from './server.js';
export {
  SIMULATOR_CLIENT_ID,
  SIMULATOR_CLIENT_SECRET,
  SIMULATOR_JWT,
  type AudioFormat,
  type SimulatorCredentials,
  type SimulatorOptions,
} from './options.js';
export { RINGSENSE_BEHAVIOURS, RINGSENSE_BEHAVIOUR_NAMES, type RingSenseBehaviourName } from './ringsense-behaviours.js';
export type { RingSenseBehaviour } from './http/core.js';
export { Account, type CallFilter, type RecordingInfo } from './account.js';
export { HOSTILE_INSIGHTS_KINDS, HOSTILE_RECORD_KINDS, HOSTILE_TEXT, type HostileInsightsKind, type HostileRecordKind } from './hostile.js';
export { FaultController, type FaultOptions, type FaultStatus, type DropPoint, type InvalidRecordKind, type TokenRejectionCode } from './faults.js';
export type { ClientRefusalCode, RefreshRefusalCode } from './http/error-bodies.js';
export type { ThrottleRule } from './throttle.js';
export {
  parseRateLimits,
  REALISTIC_RATE_LIMITS,
  type RateLimitGroup,
  type RateLimitOption,
  type RateLimitRule,
} from './rate-limits.js';
export type { View } from './generator/record.js';
export type { CallLogRecordWire, CallLogLegWire, RecordingInsightsWire, InsightType } from './generator/wire-types.js';
export { ACCOUNT_ID as SIMULATOR_ACCOUNT_ID, OWNER_EXTENSION_ID as SIMULATOR_OWNER_EXTENSION_ID } from './generator/people.js';

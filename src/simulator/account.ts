import { toneFor, wavFile } from './audio.js';
import { mp3File } from './mp3.js';
import type { AudioFormat } from './options.js';
import { decodeCallRecordId } from './generator/ids.js';
import { aiNotesOnly, buildInsights } from './generator/insights.js';
import { ACCOUNT_ID, OWNER_EXTENSION_ID, STAFF } from './generator/people.js';
import { hash32, unit } from './generator/prng.js';
import { type RecordContext, type View, buildRecord, type CallState } from './generator/record.js';
import { type CallShape, LONG_CALL_MAX_SECONDS, type RecordingShape, callShape, decodeRecordingId } from './generator/shape.js';
import { Timeline } from './generator/timeline.js';
import type { CallLogRecordWire, RecordingInsightsWire } from './generator/wire-types.js';

export interface AccountConfig {
  seed: number;
  calls: number;
  days: number;
  anchorMs: number;
  now: () => number;
  live: boolean;
  baseUrl: string;
  insightsDelaySeconds: number;
  insightsCoverage: number;
  /** Share of answered calls lasting hours (default 0). */
  longCallShare?: number;
  /** Extensions without an AI Conversation Expert licence from the start (default none). */
  unlicensedExtensions?: readonly number[];
  /** Seeded fraction of the staff without one (default 0). */
  unlicensedShare?: number;
  /** Seeded fraction of the recordings with insights that get them in two stages (default 0). */
  twoStageShare?: number;
  /** How long the full analysis of a two-stage recording follows its AI Notes (default 3600). */
  fullAnalysisDelaySeconds?: number;
  /** Default 'wav'. */
  audioFormat?: AudioFormat;
  /** Default: no recording is delayed. */
  contentDelay?: { share: number; seconds: number };
}

/** The call-log filters that select calls (docs/ringcentral.md, "Query parameters"): all given ones must match. */
export interface CallFilter {
  /** Only calls with a recording of this kind ('All' = any recording). */
  recordingType?: 'Automatic' | 'OnDemand' | 'All' | undefined;
  types?: ReadonlyArray<'Voice' | 'Fax'> | undefined;
  directions?: ReadonlyArray<'Inbound' | 'Outbound'> | undefined;
}

export interface RecordingInfo {
  id: string;
  callIndex: number;
  /** 0 = the recording on the record and its first leg, 1 = the second leg of a transfer. */
  leg: 0 | 1;
  type: 'Automatic' | 'OnDemand';
  startMs: number;
  durationMs: number;
  /** False after purgeRecording: content answers 404 like a recording past RingCentral's retention. */
  contentAvailable: boolean;
  /** Before this moment (simulator clock, ms) the content answers 404: the media host has not got it yet. */
  contentAvailableAt: number;
  contentType: 'audio/wav' | 'audio/mpeg';
  /** The extension that owns the recording (call-log `extension.id` of its leg). */
  extensionId: string;
}

const BLOCK = 1024;
/** A finished call reaches the call log 15–30 s after it ends (docs/ringcentral.md). */
const LISTING_DELAY_MIN_MS = 15_000;
const LISTING_DELAY_SPREAD_MS = 15_000;
/** Longer than any ordinary generated call (about 23 min at most). */
const ORDINARY_CALL_MAX_MS = 30 * 60_000;

/**
 * The generated account, the ground truth behind every response. Nothing is stored per call: call i is
 * derived from (seed, i) whenever it is needed; only the few calls changed at run time are remembered.
 */
export class Account {
  readonly accountId = ACCOUNT_ID;
  readonly ownerExtensionId = OWNER_EXTENSION_ID;
  readonly seed: number;
  /** The moment the generated history ends (the simulator's clock at start). */
  readonly anchorMs: number;
  /** Calls generated up to the anchor (live mode adds more after it). */
  readonly callCount: number;
  private readonly timeline: Timeline;
  private readonly context: RecordContext;
  private readonly attachAt = new Map<number, number>();
  private readonly touchedAt = new Map<number, number>();
  private readonly purged = new Set<string>();
  private readonly contentDelayedUntil = new Map<string, number>();
  private readonly blockCounts = new Map<string, number>();
  private readonly changedBlocks = new Set<number>();
  /** No call lasts longer, so a call that started this long before now has surely been listed. */
  private readonly listingBoundMs: number;
  private readonly unlicensedAtStart = new Set<number>();
  /** Licences assigned or removed at run time, per extension, oldest first. */
  private readonly licenceChanges = new Map<number, Array<{ atMs: number; licensed: boolean }>>();

  constructor(private readonly config: AccountConfig) {
    this.seed = config.seed;
    this.anchorMs = config.anchorMs;
    this.callCount = config.calls;
    const longest = (config.longCallShare ?? 0) > 0 ? LONG_CALL_MAX_SECONDS * 1000 + 1000 : ORDINARY_CALL_MAX_MS;
    this.listingBoundMs = longest + LISTING_DELAY_MIN_MS + LISTING_DELAY_SPREAD_MS;
    this.timeline = new Timeline(config.anchorMs, config.days, config.calls, (i) => unit(config.seed, i, 0));
    this.context = { seed: config.seed, baseUrl: config.baseUrl };
    for (const id of config.unlicensedExtensions ?? []) this.unlicensedAtStart.add(id);
    STAFF.forEach((member, i) => {
      if (unit(config.seed, i, 0x11ce) < (config.unlicensedShare ?? 0)) this.unlicensedAtStart.add(member.id);
    });
  }

  /**
   * The extension that owns a recording: the one whose leg carries it (the handling extension, or the
   * transfer target for the second leg). RingSense analyses a call only when its owner has an AI
   * Conversation Expert licence (docs/ringcentral.md, "RingSense insights").
   */
  recordingOwner(recordingId: string): number | null {
    const decoded = decodeRecordingId(this.seed, recordingId);
    if (!decoded) return null;
    const shape = this.shapeAt(decoded.index);
    return STAFF[decoded.leg === 1 ? shape.transferTo : shape.staff]?.id ?? null;
  }

  /** Whether the extension had an AI Conversation Expert licence at `atMs`. */
  isLicensed(extensionId: number, atMs: number = this.config.now()): boolean {
    let licensed = !this.unlicensedAtStart.has(extensionId);
    for (const change of this.licenceChanges.get(extensionId) ?? []) if (change.atMs <= atMs) licensed = change.licensed;
    return licensed;
  }

  /** The staff extensions without a licence now. */
  unlicensedExtensions(): number[] {
    return STAFF.map((member) => member.id).filter((id) => !this.isLicensed(id));
  }

  /** Assigns or removes an extension's licence from now on: calls that start later are analysed, or not. */
  setExtensionLicensed(extensionId: number, licensed: boolean): void {
    const changes = this.licenceChanges.get(extensionId) ?? [];
    changes.push({ atMs: this.config.now(), licensed });
    this.licenceChanges.set(extensionId, changes);
  }

  /** Whether a recording's insights come in two stages: AI Notes first, the full analysis later. */
  insightsInTwoStages(recordingId: string): boolean {
    const decoded = decodeRecordingId(this.seed, recordingId);
    return decoded !== null && unit(this.seed, decoded.index, decoded.leg, 0x2579) < (this.config.twoStageShare ?? 0);
  }

  /** Calls that exist at the simulator's current time: all generated ones, plus in live mode those started since. */
  visibleCallCount(): number {
    return this.config.live ? this.timeline.liveCount(this.config.now()) : this.callCount;
  }

  startTimeAt(index: number): number {
    return this.timeline.startMs(index);
  }

  shapeAt(index: number): CallShape {
    return callShape(this.seed, index, this.timeline.startMs(index), this.config.longCallShare ?? 0);
  }

  /**
   * When call `index` appears in the call log: RingCentral lists a call only after it has ended,
   * under its start time (docs/design.md, "RingCentral as it really behaves").
   */
  listedAt(shape: CallShape): number {
    return shape.startMs + shape.durationMs + LISTING_DELAY_MIN_MS + (hash32(this.seed, shape.index, 62) % LISTING_DELAY_SPREAD_MS);
  }

  /** Whether every call up to `index` is surely listed at `now`, without building their shapes. */
  private listedThrough(index: number, now: number): boolean {
    return this.timeline.startMs(index) + this.listingBoundMs <= now;
  }

  /** Call `index` as its call-log record (wire format), in the state it has now. */
  callAt(index: number, view: View = 'Detailed'): CallLogRecordWire {
    if (!Number.isInteger(index) || index < 0 || index >= this.visibleCallCount()) {
      throw new RangeError(`no call ${index}: the account has ${this.visibleCallCount()} calls`);
    }
    const shape = this.shapeAt(index);
    return buildRecord(this.context, shape, this.stateOf(shape, this.config.now()), view);
  }

  /** The call index of a call-log record id, or -1. */
  indexOfRecordId(id: string): number {
    const index = decodeCallRecordId(this.seed, id);
    if (index < 0 || index >= this.visibleCallCount()) return -1;
    return this.config.now() >= this.listedAt(this.shapeAt(index)) ? index : -1;
  }

  /** Indices of the visible calls whose start lies in [fromMs, toMs] (both inclusive): `last < first` when none. */
  indexRange(fromMs: number, toMs: number): { first: number; last: number } {
    const visible = this.visibleCallCount();
    const first = this.timeline.countStartingBy(fromMs - 1, visible);
    const last = this.timeline.countStartingBy(toMs, visible) - 1;
    return { first, last };
  }

  /** Records whose start lies in [fromMs, toMs], newest first, optionally filtered like the call-log API. */
  *recordsBetween(fromMs: number, toMs: number, options: { view?: View; filter?: CallFilter } = {}): Generator<CallLogRecordWire> {
    const { first, last } = this.indexRange(fromMs, toMs);
    const now = this.config.now();
    for (let i = last; i >= first; i--) {
      const shape = this.shapeAt(i);
      if (!this.matchesShape(shape, options.filter ?? {}, now)) continue;
      yield buildRecord(this.context, shape, this.stateOf(shape, now), options.view ?? 'Detailed');
    }
  }

  /**
   * Ids of the recordings (record and legs, each id once) of calls that started in [fromMs, toMs], newest
   * call first — what a complete sync of that window must end up with.
   */
  *recordingIds(fromMs = -Infinity, toMs = Infinity, recordingType: CallFilter['recordingType'] = 'All'): Generator<string> {
    const { first, last } = this.indexRange(Math.max(fromMs, -8.64e15), Math.min(toMs, 8.64e15));
    const now = this.config.now();
    for (let i = last; i >= first; i--) {
      const shape = this.shapeAt(i);
      if (!this.matchesShape(shape, { recordingType }, now)) continue;
      for (const recording of shape.recordings) yield recording.id;
    }
  }

  /** What the account knows about a recording id, or null when no visible call has it (yet). */
  recording(recordingId: string): RecordingInfo | null {
    const found = this.findRecording(recordingId);
    if (!found) return null;
    const { shape, recording } = found;
    const startMs = shape.startMs + recording.offsetMs;
    const { share, seconds } = this.config.contentDelay ?? { share: 0, seconds: 0 };
    const seededDelay = unit(this.seed, shape.index, recording.leg, 71) < share ? startMs + recording.durationMs + seconds * 1000 : -Infinity;
    const mp3 = this.config.audioFormat === 'mp3' || (this.config.audioFormat === 'mixed' && unit(this.seed, shape.index, recording.leg, 73) < 0.5);
    return {
      id: recording.id,
      callIndex: shape.index,
      leg: recording.leg,
      type: recording.type,
      startMs,
      durationMs: recording.durationMs,
      contentAvailable: !this.purged.has(recording.id),
      contentAvailableAt: Math.max(seededDelay, this.contentDelayedUntil.get(recording.id) ?? -Infinity),
      contentType: mp3 ? 'audio/mpeg' : 'audio/wav',
      extensionId: String(STAFF[recording.leg === 1 && shape.transferTo >= 0 ? shape.transferTo : shape.staff]?.id ?? OWNER_EXTENSION_ID),
    };
  }

  /** When RingSense insights of a recording appear (ms), or null when they never will (too short, not covered). */
  insightsAvailableAt(recordingId: string): number | null {
    const found = this.findRecording(recordingId, Infinity);
    if (!found) return null;
    const { shape, recording } = found;
    // Too short to analyse: RingCentral does not document what it answers then (docs/ringcentral.md, "Not verified").
    if (recording.durationMs < 10_000) return null;
    if (unit(this.seed, shape.index, recording.leg, 41) >= this.config.insightsCoverage) return null;
    const owner = this.recordingOwner(recordingId);
    if (owner !== null && !this.isLicensed(owner, shape.startMs + recording.offsetMs)) return null;
    const ready = Math.max(shape.startMs + shape.durationMs, this.attachAt.get(shape.index) ?? -Infinity);
    return ready + this.config.insightsDelaySeconds * 1000;
  }

  /** When the transcript of a recording appears (ms): with its insights, or with the full analysis of a two-stage one. */
  transcriptAvailableAt(recordingId: string): number | null {
    const availableAt = this.insightsAvailableAt(recordingId);
    if (availableAt === null || !this.insightsInTwoStages(recordingId)) return availableAt;
    return availableAt + (this.config.fullAnalysisDelaySeconds ?? 3600) * 1000;
  }

  /**
   * The RingSense body of a recording as of `atMs`, or null when RingSense has none for it then (404
   * RAH-3001). A two-stage recording answers its AI Notes (no `Transcript`) until the full analysis is in.
   */
  insightsFor(recordingId: string, atMs: number = this.config.now()): RecordingInsightsWire | null {
    const availableAt = this.insightsAvailableAt(recordingId);
    if (availableAt === null || atMs < availableAt) return null;
    const found = this.findRecording(recordingId, atMs);
    if (!found) return null;
    const body = buildInsights(this.seed, found.shape, found.recording, availableAt);
    if (!this.insightsInTwoStages(recordingId)) return body;
    const fullAt = this.transcriptAvailableAt(recordingId) as number;
    return atMs < fullAt ? aiNotesOnly(body) : { ...body, lastModifiedTime: new Date(fullAt).toISOString() };
  }

  /** The complete audio file of a recording (WAV or MP3, as its `contentType` says); throws for an unknown id. */
  audioFor(recordingId: string): Buffer {
    const info = this.recording(recordingId);
    if (!info) throw new RangeError(`no recording ${recordingId}`);
    return info.contentType === 'audio/mpeg' ? mp3File(info.durationMs) : wavFile(toneFor(recordingId), info.durationMs);
  }

  /** Content of this recording answers 404 until `untilMs` (simulator clock), as just after some calls. */
  delayContent(recordingId: string, untilMs: number): void {
    this.contentDelayedUntil.set(recordingId, untilMs);
  }

  /** Content of this recording answers 404 from now on, as after RingCentral's 90-day retention (docs/ringcentral.md, "Retention"). */
  purgeRecording(recordingId: string): void {
    this.purged.add(recordingId);
  }

  /**
   * Call `index`'s recordings are hidden until `atMs` (simulator clock), then appear on the record with
   * `lastModifiedTime` = atMs: a recording attached after the call was first listed.
   */
  attachRecordingLater(index: number, atMs: number): void {
    if (this.shapeAt(index).recordings.length === 0) throw new RangeError(`call ${index} has no recording to attach later`);
    this.attachAt.set(index, atMs);
    this.changedBlocks.add(Math.floor(index / BLOCK));
  }

  /** Moves call `index`'s `lastModifiedTime` to `atMs` (default: now), as when RingCentral updates a record. */
  touchCall(index: number, atMs: number = this.config.now()): void {
    this.touchedAt.set(index, atMs);
  }

  isPurged(recordingId: string): boolean {
    return this.purged.has(recordingId);
  }

  /** Whether call `shape` is listed at time `now` and passes `filter`. */
  matchesShape(shape: CallShape, filter: CallFilter, now: number): boolean {
    if (now < this.listedAt(shape)) return false;
    if (filter.types && filter.types.length > 0 && !filter.types.includes(shape.type)) return false;
    if (filter.directions && filter.directions.length > 0 && !filter.directions.includes(shape.direction)) return false;
    if (filter.recordingType) {
      if (!this.stateOf(shape, now).recordingsVisible) return false;
      const recording = shape.recordings[0];
      if (!recording) return false;
      if (filter.recordingType !== 'All' && recording.type !== filter.recordingType) return false;
    }
    return true;
  }

  /**
   * One page of matching call indices in [first, last], newest first: skips `skip` matches, takes up to
   * `take`, and tells whether more matches lie below. Unfiltered pages are pure arithmetic; filtered ones
   * count matches per block of 1024 calls (cached) so deep pages stay cheap.
   */
  page(first: number, last: number, filter: CallFilter, skip: number, take: number): { indices: number[]; more: boolean } {
    const indices: number[] = [];
    if (last < first) return { indices, more: false };
    const now = this.config.now();
    if (!isFiltering(filter) && this.listedThrough(last, now)) {
      const top = last - skip;
      for (let i = top; i >= first && indices.length < take; i--) indices.push(i);
      return { indices, more: top - take >= first };
    }
    const key = filterKey(filter);
    let i = last;
    let toSkip = skip;
    while (i >= first && toSkip > 0) {
      const blockStart = Math.floor(i / BLOCK) * BLOCK;
      if (i === blockStart + BLOCK - 1 && blockStart >= first) {
        const count = this.blockCount(key, blockStart, filter, now);
        if (count <= toSkip) {
          toSkip -= count;
          i = blockStart - 1;
          continue;
        }
      }
      if (this.matchesShape(this.shapeAt(i), filter, now)) toSkip--;
      i--;
    }
    while (i >= first && indices.length < take) {
      if (this.matchesShape(this.shapeAt(i), filter, now)) indices.push(i);
      i--;
    }
    return { indices, more: this.anyMatch(first, i, filter, key, now) };
  }

  private anyMatch(first: number, last: number, filter: CallFilter, key: string, now: number): boolean {
    let i = last;
    while (i >= first) {
      const blockStart = Math.floor(i / BLOCK) * BLOCK;
      if (i === blockStart + BLOCK - 1 && blockStart >= first) {
        if (this.blockCount(key, blockStart, filter, now) === 0) {
          i = blockStart - 1;
          continue;
        }
      }
      if (this.matchesShape(this.shapeAt(i), filter, now)) return true;
      i--;
    }
    return false;
  }

  private blockCount(key: string, blockStart: number, filter: CallFilter, now: number): number {
    const block = blockStart / BLOCK;
    // Unfiltered and wholly listed: every call counts, no shape needed.
    if (!isFiltering(filter) && this.listedThrough(blockStart + BLOCK - 1, now)) return BLOCK;
    // A block with a call not listed yet changes as time passes: count it again next time.
    const cacheable = !this.changedBlocks.has(block) && this.listedThrough(blockStart + BLOCK - 1, now);
    const cacheKey = `${key}#${block}`;
    const cached = cacheable ? this.blockCounts.get(cacheKey) : undefined;
    if (cached !== undefined) return cached;
    let count = 0;
    for (let i = blockStart; i < blockStart + BLOCK; i++) if (this.matchesShape(this.shapeAt(i), filter, now)) count++;
    if (cacheable) this.blockCounts.set(cacheKey, count);
    return count;
  }

  private stateOf(shape: CallShape, now: number): CallState {
    const end = shape.startMs + shape.durationMs;
    let lastModifiedMs = end + 15_000 + (hash32(this.seed, shape.index, 51) % 75_000);
    const attachAt = this.attachAt.get(shape.index);
    const recordingsVisible = attachAt === undefined || now >= attachAt;
    if (attachAt !== undefined && recordingsVisible) lastModifiedMs = Math.max(lastModifiedMs, attachAt);
    const touched = this.touchedAt.get(shape.index);
    if (touched !== undefined) lastModifiedMs = Math.max(lastModifiedMs, touched);
    return { recordingsVisible, lastModifiedMs };
  }

  /** The visible call and recording an id names, as of `atMs`. */
  private findRecording(recordingId: string, atMs: number = this.config.now()): { shape: CallShape; recording: RecordingShape } | null {
    const decoded = decodeRecordingId(this.seed, recordingId);
    if (!decoded || decoded.index >= this.visibleCallCount()) return null;
    const shape = this.shapeAt(decoded.index);
    const recording = shape.recordings.find((r) => r.leg === decoded.leg);
    if (!recording || !this.stateOf(shape, atMs).recordingsVisible) return null;
    return { shape, recording };
  }
}

function isFiltering(filter: CallFilter): boolean {
  return Boolean(filter.recordingType) || (filter.types?.length ?? 0) > 0 || (filter.directions?.length ?? 0) > 0;
}

function filterKey(filter: CallFilter): string {
  return `${filter.recordingType ?? ''}|${[...(filter.types ?? [])].sort().join(',')}|${[...(filter.directions ?? [])].sort().join(',')}`;
}

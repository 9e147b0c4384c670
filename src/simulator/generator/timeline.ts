/**
 * Where call i starts. Calls sit on a uniform grid in "busy time" (each hour of the day weighted by how
 * busy a restaurant is then, Pacific time), one per slot with jitter smaller than the slot, so start
 * times rise with the index and the calls of any date range are one index range, found by binary search.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Pacific standard time; daylight saving is ignored (the shape of a day is all that matters here). */
const LOCAL_OFFSET_MS = -8 * HOUR_MS;

/** Relative call volume for each local hour 0..23: quiet nights, lunch and dinner peaks. */
const HOUR_WEIGHTS = [
  0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.4, 0.8, 1.2, 1.8, 2.6, 3, 2.6, 1.8, 1.4, 1.8, 2.6, 3, 2.6, 1.8, 1, 0.5, 0.2,
];
const CUMULATIVE: number[] = [0];
for (const w of HOUR_WEIGHTS) CUMULATIVE.push((CUMULATIVE.at(-1) ?? 0) + w);
const DAY_WEIGHT = CUMULATIVE[24] ?? 1;

/** Busy-time position of a real time: monotonic, piecewise linear. */
export function toBusy(ms: number): number {
  const local = ms + LOCAL_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const inDay = local - day * DAY_MS;
  const hour = Math.min(23, Math.floor(inDay / HOUR_MS));
  const fraction = (inDay - hour * HOUR_MS) / HOUR_MS;
  return day * DAY_WEIGHT + (CUMULATIVE[hour] ?? 0) + fraction * (HOUR_WEIGHTS[hour] ?? 0);
}

/** Inverse of toBusy. */
export function fromBusy(busy: number): number {
  const day = Math.floor(busy / DAY_WEIGHT);
  let rest = busy - day * DAY_WEIGHT;
  let hour = 0;
  while (hour < 23 && rest >= (HOUR_WEIGHTS[hour] ?? 0)) {
    rest -= HOUR_WEIGHTS[hour] ?? 0;
    hour++;
  }
  const fraction = Math.min(1, rest / (HOUR_WEIGHTS[hour] ?? 1));
  return day * DAY_MS + hour * HOUR_MS + fraction * HOUR_MS - LOCAL_OFFSET_MS;
}

export class Timeline {
  private readonly firstBusy: number;
  private readonly slotBusy: number;

  /** `calls` calls spread over the `days` days that end at `anchorMs`. */
  constructor(
    readonly anchorMs: number,
    days: number,
    readonly calls: number,
    private readonly jitter: (index: number) => number,
  ) {
    this.firstBusy = toBusy(anchorMs - days * DAY_MS);
    this.slotBusy = (toBusy(anchorMs) - this.firstBusy) / Math.max(1, calls);
  }

  /** Start of call `index` (ms). Indices at or past `calls` continue the same rhythm after the anchor (live mode). */
  startMs(index: number): number {
    const position = index + 0.05 + 0.9 * this.jitter(index);
    return Math.floor(fromBusy(this.firstBusy + position * this.slotBusy));
  }

  /** The number of calls with index < limit whose start is ≤ ms (the first index starting after ms). */
  countStartingBy(ms: number, limit: number): number {
    let lo = 0;
    let hi = limit;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.startMs(mid) <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The highest index ever started by `ms` in live mode (calls after the anchor keep coming). */
  liveCount(ms: number): number {
    if (ms < this.anchorMs) return this.calls;
    const approx = Math.ceil((toBusy(ms) - this.firstBusy) / this.slotBusy) + 2;
    return this.countStartingBy(ms, Math.max(this.calls, approx));
  }
}

/**
 * Hostile payloads: what a compromised proxy, a buggy RingCentral release or a caller who chose a
 * nasty display name could put into an otherwise valid response. The reliability suite uses them to
 * show that such data is stored safely or rejected record by record, never crashes a sync and never
 * reaches a terminal raw.
 */

/** How a call-log record is made hostile (its id and start time stay, so the ground truth still names it). */
export type HostileRecordKind =
  /** 1 MB party names and a 5 MB unknown field. */
  | 'huge-strings'
  /** An unknown field nested 20,000 levels deep (JSON.parse copes; a recursive JSON.stringify does not). */
  | 'deep-nesting'
  /** Numbers where strings belong and the reverse: fails the schema. */
  | 'wrong-types'
  /** NUL, backspace, DEL and C1 controls in names. */
  | 'control-chars'
  /** Right-to-left override and marks in names (a name that reads differently from what it holds). */
  | 'rtl-marks'
  /** Terminal escape sequences in names: colour, cursor moves, a title change, an OSC 8 link. */
  | 'escape-sequences';

export const HOSTILE_RECORD_KINDS: readonly HostileRecordKind[] = ['huge-strings', 'deep-nesting', 'wrong-types', 'control-chars', 'rtl-marks', 'escape-sequences'];

/** How a RingSense insights body is made hostile. */
export type HostileInsightsKind =
  /** A transcript of about 10 MB of text. */
  | 'huge-transcript'
  /** Escape sequences, NUL and bidi controls in transcript text, speaker names and the summary. */
  | 'control-chars'
  /** Wrong types in the transcript (a number as text, a string as start): fails the schema. */
  | 'wrong-types'
  /** An unknown field nested 20,000 levels deep. */
  | 'deep-nesting';

export const HOSTILE_INSIGHTS_KINDS: readonly HostileInsightsKind[] = ['huge-transcript', 'control-chars', 'wrong-types', 'deep-nesting'];

/** Names that carry escape sequences, with a plain word in each so a search can find them. */
export const HOSTILE_TEXT = {
  escapes: 'Mallory\u001b]0;pwned\u0007\u001b[31mRed\u001b[0m\u001b[2J\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007\u009b31m',
  controls: 'Nul\u0000Byte\u0001Back\u0008Del\u007fCsi\u009b\u0085Next',
  rtl: 'Ali\u202eecnarg\u202c\u200f\u2067Isolated\u2069\u061c',
} as const;

const DEEP_LEVELS = 20_000;

/**
 * JSON text spliced into a body in place of a marker string: a payload nested deeper than
 * JSON.stringify (recursive) can write.
 */
const RAW_MARKER = '\u0000simulator-raw-json\u0000';
const DEEP_JSON = `${'{"n":'.repeat(DEEP_LEVELS)}0${'}'.repeat(DEEP_LEVELS)}`;

/** The body's JSON text, with any deep-nesting marker replaced by the deep payload. */
export function hostileJsonText(body: unknown): string {
  return JSON.stringify(body).split(JSON.stringify(RAW_MARKER)).join(DEEP_JSON);
}

/** Makes one call-log record (and its legs) hostile in place. */
export function makeRecordHostile(record: Record<string, unknown>, kind: HostileRecordKind): void {
  const parties = [record, ...((record.legs as Record<string, unknown>[] | undefined) ?? [])].flatMap((r) => [r.from, r.to]).filter(isObject);
  const rename = (name: string) => {
    for (const party of parties) party.name = name;
  };
  switch (kind) {
    case 'huge-strings':
      rename(`Huge ${'A'.repeat(1_000_000)}`);
      record.reasonDescription = 'B'.repeat(5_000_000);
      return;
    case 'deep-nesting':
      record.simulatorDeepField = RAW_MARKER;
      return;
    case 'wrong-types':
      record.duration = 'ninety seconds';
      record.direction = 42;
      record.from = 'not an object';
      return;
    case 'control-chars':
      rename(HOSTILE_TEXT.controls);
      return;
    case 'rtl-marks':
      rename(HOSTILE_TEXT.rtl);
      return;
    case 'escape-sequences':
      rename(HOSTILE_TEXT.escapes);
      return;
  }
}

/** A hostile copy of an insights body. */
export function makeInsightsHostile<T extends { speakerInfo: Array<{ name?: string }>; insights: Record<string, unknown> }>(body: T, kind: HostileInsightsKind): T {
  const copy = structuredClone(body);
  const transcript = (copy.insights.Transcript as Array<Record<string, unknown>> | undefined) ?? [];
  switch (kind) {
    case 'huge-transcript': {
      const speakerId = (transcript[0]?.speakerId as string | undefined) ?? 'speaker-1';
      // 1,000 utterances of 10 kB: about 10 MB of transcript text.
      const words = 'reservation table friday evening party twelve guests '.repeat(190).slice(0, 10_000);
      copy.insights.Transcript = Array.from({ length: 1000 }, (_, i) => ({ speakerId, text: words, start: i * 10, end: i * 10 + 9 }));
      return copy;
    }
    case 'control-chars':
      for (const speaker of copy.speakerInfo) speaker.name = HOSTILE_TEXT.escapes;
      for (const utterance of transcript) utterance.text = `${HOSTILE_TEXT.escapes} ${HOSTILE_TEXT.controls} ${HOSTILE_TEXT.rtl} ${String(utterance.text)}`;
      copy.insights.Summary = [{ value: `${HOSTILE_TEXT.escapes} summary`, start: 0, end: 1 }];
      return copy;
    case 'wrong-types':
      copy.insights.Transcript = [{ speakerId: 7, text: 12345, start: 'zero', end: null }];
      return copy;
    case 'deep-nesting':
      (copy as Record<string, unknown>).simulatorDeepField = RAW_MARKER;
      return copy;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

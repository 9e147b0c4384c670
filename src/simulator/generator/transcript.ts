import { type CallDetails, fill } from './details.js';
import { Rng, hash32 } from './prng.js';
import { OUTBOUND_OPENINGS, SCRIPTS } from './scripts.js';
import type { CallShape, RecordingShape } from './shape.js';
import { STAFF } from './people.js';

export interface Line {
  /** 'A' = the restaurant's side, 'C' = the other party. */
  side: 'A' | 'C';
  text: string;
  start: number;
  end: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The conversation of one recording: 6–30 lines with timings (seconds) inside its duration. */
export function transcriptLines(shape: CallShape, recording: RecordingShape, details: CallDetails): Line[] {
  const rng = new Rng(hash32(shape.detailSeed, recording.leg, 21));
  const script = SCRIPTS[shape.category];
  const slots = { ...details.slots };
  const seconds = recording.durationMs / 1000;
  const target = Math.max(6, Math.min(30, Math.round(6 + seconds / 15)));

  let opening: string[];
  if (recording.leg === 1) {
    const target = STAFF[shape.transferTo];
    slots.agent = target?.name ?? slots.agent ?? '';
    slots.agentFirst = slots.agent.split(' ')[0] ?? slots.agent;
    opening = ['A:Hi {first}, this is {agent}. I understand you were speaking with my colleague, how can I help?', 'C:Yes, thanks for picking up.'];
  } else {
    opening = shape.direction === 'Outbound' && shape.kind !== 'internal' ? rng.pick(OUTBOUND_OPENINGS) : rng.pick(script.openings);
  }
  const body = [...rng.pick(script.bodies)];
  const closing = shape.transferTo >= 0 && recording.leg === 0
    ? ['A:Let me transfer you to {target}, who can take care of that. One moment please.', 'C:Sure, thank you.']
    : rng.pick(script.closings);
  if (shape.transferTo >= 0) slots.target = STAFF[shape.transferTo]?.name ?? 'my colleague';

  // Extra exchanges (each used once), then small talk, until the call has its share of lines.
  const extras: string[] = [];
  const pool = [...script.extras];
  while (opening.length + body.length + extras.length + closing.length < target) {
    if (pool.length > 0) extras.push(...(pool.splice(rng.int(0, pool.length - 1), 1)[0] ?? '').split('|'));
    else extras.push(rng.pick(SMALL_TALK));
  }
  let lines = [...opening, ...body, ...extras, ...closing];
  while (lines.length > target && body.length > 2) {
    body.pop();
    lines = [...opening, ...body, ...extras, ...closing];
  }
  if (lines.length > target) lines = [...lines.slice(0, target - closing.length), ...closing].slice(-Math.max(target, 6));

  // People speak about 14 characters a second; whatever time is left becomes pauses and holds between lines.
  const startAt = Math.min(1.2, seconds * 0.05);
  const available = Math.max(0.1, seconds - startAt - 0.2);
  const natural = lines.map((line) => 0.6 + line.length / 14);
  const spoken = natural.reduce((a, b) => a + b, 0);
  const scale = spoken > available * 0.9 ? (available * 0.9) / spoken : 1;
  const pauses = lines.map(() => 0.2 + rng.next());
  const pauseTotal = pauses.reduce((a, b) => a + b, 0);
  const silence = available - spoken * scale;
  let cursor = startAt;
  return lines.map((line, i) => {
    const start = round2(cursor);
    cursor += (natural[i] ?? 1) * scale;
    const end = round2(Math.min(cursor, seconds));
    cursor += (silence * (pauses[i] ?? 0)) / pauseTotal / (i === lines.length - 1 ? Infinity : 1);
    return { side: line.startsWith('C:') ? 'C' : 'A', text: fill(line.slice(2), slots), start, end };
  });
}

const SMALL_TALK = [
  'A:Let me check that for you, one moment.',
  'C:Sure, no rush.',
  'A:Thanks for waiting.',
  'C:Could you repeat that?',
  'A:Of course.',
  'C:Okay, got it.',
  'A:Could you spell your last name for me?',
  'C:Sorry, the line cut out for a second.',
  'A:No worries, I can hear you now.',
];

import { callDetails } from './details.js';
import { groundedTexts } from './grounding.js';
import { telephonySessionIdOf } from './ids.js';
import { ACCOUNT_ID, STAFF } from './people.js';
import { Rng, hash32 } from './prng.js';
import { SCRIPTS } from './scripts.js';
import type { CallShape, RecordingShape } from './shape.js';
import { transcriptLines } from './transcript.js';
import type { RecordingInsightsWire } from './wire-types.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The RingSense body of one recording (docs/ringcentral.md, "RingSense insights";
 * test/fixtures/ringcentral/examples/ringsense-insights-pbx.json). External speakers get a
 * phoneNumber and no accountId/extensionId: the official example shows `null` there, which the
 * spec's schema does not allow (see the validation test); the simulator follows the spec.
 */
export function buildInsights(seed: number, shape: CallShape, recording: RecordingShape, creationMs: number): RecordingInsightsWire {
  const details = callDetails(shape);
  const rng = new Rng(hash32(shape.detailSeed, recording.leg, 31));
  const script = SCRIPTS[shape.category];
  const session = telephonySessionIdOf(seed, shape.index).slice(2);
  const agentIndex = recording.leg === 1 ? shape.transferTo : shape.staff;
  const agent = STAFF[agentIndex];
  const agentSpeaker = `p-${session}-${recording.leg === 1 ? 3 : 1}`;
  const otherSpeaker = `p-${session}-2`;
  const internalPeer = shape.kind === 'internal' ? STAFF[shape.peer] : undefined;

  const lines = transcriptLines(shape, recording, details);
  const transcript = lines.map((line) => ({ speakerId: line.side === 'A' ? agentSpeaker : otherSpeaker, text: line.text, start: line.start, end: line.end }));
  const seconds = recording.durationMs / 1000;
  const slots = { ...details.slots, agent: agent?.name ?? '' };
  const segmentAt = (n: number) => lines[Math.min(lines.length - 1, n)] ?? { start: 0, end: seconds };

  const said = lines.map((line) => line.text).join('\n');
  const summary = rng.pick(groundedTexts(script.summaries, slots, said));
  const highlightTexts = pickSome(rng, groundedTexts(script.highlights, slots, said), 1, 2);
  const nextStepTexts = pickSome(rng, groundedTexts(script.nextSteps, slots, said), 1, 2);
  const highlights = highlightTexts.map((value, i) => {
    const at = segmentAt(2 + i * 2);
    return { speakerId: otherSpeaker, value, start: at.start, end: at.end };
  });
  const nextSteps = nextStepTexts.map((value, i) => {
    const at = segmentAt(lines.length - 3 - i);
    return { speakerId: agentSpeaker, value, start: at.start, end: at.end };
  });
  const sentiment = rng.weighted(['Positive', 'Neutral', 'Negative'] as const, script.sentiment);
  const score = sentiment === 'Negative' ? rng.int(3, 6) : sentiment === 'Neutral' ? rng.int(5, 8) : rng.int(7, 10);

  const customerName = internalPeer ? internalPeer.name : details.customer.name;
  const agentName = agent?.name ?? 'Agent';
  const title = shape.direction === 'Inbound' ? `Call from ${customerName} to ${agentName}` : `Call from ${agentName} to ${customerName}`;
  const other: RecordingInsightsWire['speakerInfo'][number] = internalPeer
    ? { speakerId: otherSpeaker, name: internalPeer.name, accountId: ACCOUNT_ID, extensionId: String(internalPeer.id) }
    : { speakerId: otherSpeaker, name: customerName, phoneNumber: details.customer.phoneNumber };

  return {
    title,
    domain: 'pbx',
    sourceRecordId: recording.id,
    sourceSessionId: `s-${session}`,
    callDirection: shape.direction,
    ownerExtensionId: String(agent?.id ?? ''),
    recordingDurationMs: recording.durationMs,
    recordingStartTime: iso(shape.startMs + recording.offsetMs),
    creationTime: iso(creationMs),
    lastModifiedTime: iso(creationMs),
    speakerInfo: [{ speakerId: agentSpeaker, name: agentName, accountId: ACCOUNT_ID, extensionId: String(agent?.id ?? '') }, other],
    insights: {
      Transcript: transcript,
      Summary: [{ value: summary, start: 0, end: Math.round(seconds * 100) / 100 }],
      Highlights: highlights,
      NextSteps: nextSteps,
      BulletedSummary: [summary, ...highlightTexts].map((value) => ({ value })),
      AIScore: [{ value: String(score) }],
      CallNotes: [{ value: `Call notes.\n${[summary, ...nextStepTexts.map((t) => `Next: ${t}`)].join('\n')}` }],
      Sentiment: [{ value: sentiment }],
    },
  };
}

/**
 * The first stage of a two-stage recording: the AI Notes (summary, bullet points, next steps, call
 * notes) before RingSense's full analysis, so no `Transcript`, highlights, sentiment or score yet
 * (docs/design.md, "RingCentral as it really behaves").
 */
export function aiNotesOnly(body: RecordingInsightsWire): RecordingInsightsWire {
  const { Summary, BulletedSummary, NextSteps, CallNotes } = body.insights;
  const insights: RecordingInsightsWire['insights'] = {};
  if (Summary) insights.Summary = Summary;
  if (BulletedSummary) insights.BulletedSummary = BulletedSummary;
  if (NextSteps) insights.NextSteps = NextSteps;
  if (CallNotes) insights.CallNotes = CallNotes;
  return { ...body, insights };
}

function pickSome(rng: Rng, items: readonly string[], min: number, max: number): string[] {
  if (items.length === 0) return [];
  const count = Math.min(items.length, rng.int(min, max));
  const start = rng.int(0, items.length - 1);
  return Array.from({ length: count }, (_, i) => items[(start + i) % items.length] as string);
}

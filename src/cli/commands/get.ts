import type { RecordingDetail } from '../../db/queries/get.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';
import { openDatabase } from '../open-database.js';
import { type TimeFormatter, clockDuration, offsetLabel, safeJson, terminalSafe, timeFormatter } from '../output/index.js';

export interface GetOptions {
  json?: boolean;
}

/** `recordings get <id>`: one recording's metadata, transcript and insights (docs/cli.md, "`recordings get <id>`"). */
export const getCommand: CommandFunction<GetOptions> = async (invocation, options, id) => {
  const wanted = (id ?? '').trim();
  // An empty id is bad input (exit 2), not an id that is missing from the archive (exit 4).
  if (!wanted) throw new UsageError('get: the id is empty', 'example: recordings get 1234567890 (find ids with: recordings search)');
  const { store } = await openDatabase(invocation);
  let detail: RecordingDetail | null;
  try {
    detail = await store.findRecording(wanted);
  } finally {
    await store.close();
  }
  if (!detail) {
    const shown = terminalSafe(wanted.length > 60 ? `${wanted.slice(0, 60)}…` : wanted);
    throw new NotFoundError(`no recording, call or session with id '${shown}' in the archive`, 'find ids with: recordings search');
  }
  const out = invocation.ctx.stdout;
  if (options.json) {
    out.write(`${safeJson(detail, 2)}\n`);
    return 0;
  }
  out.write(`${describe(detail, timeFormatter(out, invocation.ctx.now())).join('\n')}\n`);
  return 0;
};

function describe(d: RecordingDetail, times: TimeFormatter): string[] {
  const s = (text: string | null | undefined) => terminalSafe(text ?? '');
  const party = (p: RecordingDetail['from']) =>
    [p.name, p.phoneNumber, p.extensionNumber ? `ext ${p.extensionNumber}` : null].filter(Boolean).map((x) => s(x)).join(', ') || '-';
  const lines = [
    `Recording   ${s(d.id)}`,
    `Call        ${s(d.callId)}${d.telephonySessionId ? `  (telephony session ${s(d.telephonySessionId)})` : ''}`,
    `Start       ${times.atAndAge(d.startTime)}`,
    `Duration    ${clockDuration(d.durationSeconds)}`,
    `Direction   ${s(d.direction)}`,
    `From        ${party(d.from)}`,
    `To          ${party(d.to)}`,
    `Type        ${s(d.recordingType)}${d.contentType ? `, ${s(d.contentType)}` : ''}`,
    `Transcript  ${s(d.transcriptStatus)}${transcriptFacts(d)}`,
    `Audio       ${describeAudio(d.audio, s, times)}`,
  ];
  if (d.legalHold) lines.push('Legal hold  yes');
  if (d.otherRecordingIds.length > 0) lines.push(`Also in this call: ${d.otherRecordingIds.map((x) => s(x)).join(', ')}`);

  const i = d.insights;
  const facts = [
    i.sentiment ? `Sentiment ${s(i.sentiment)}` : null,
    i.aiScore !== null ? `AI score ${i.aiScore}` : null,
    i.intent ? `Intent ${s(i.intent)}` : null,
    i.topics.length > 0 ? `Topics ${i.topics.map((t) => s(t)).join(', ')}` : null,
  ].filter(Boolean);
  if (i.summary || facts.length > 0 || i.highlights.length > 0 || i.nextSteps.length > 0) {
    lines.push('', 'Insights');
    if (i.summary) lines.push(`  Summary: ${s(i.summary)}`);
    if (facts.length > 0) lines.push(`  ${facts.join(' · ')}`);
    if (i.highlights.length > 0) lines.push('  Highlights:', ...i.highlights.map((h) => `    - ${s(h)}`));
    if (i.nextSteps.length > 0) lines.push('  Next steps:', ...i.nextSteps.map((n) => `    - ${s(n)}`));
  }
  if (d.transcript && d.transcript.segments.length > 0) {
    lines.push('', 'Transcript');
    for (const seg of d.transcript.segments) {
      lines.push(`[${offsetLabel(seg.start)}] ${s(seg.speakerName ?? seg.speakerId ?? 'Speaker')}: ${s(seg.text)}`);
    }
  }
  return lines;
}

function transcriptFacts(d: RecordingDetail): string {
  if (!d.transcript) return '';
  const n = d.transcript.segments.length;
  const parts = [`${n} segment${n === 1 ? '' : 's'}`];
  if (d.transcript.confidence !== null) parts.push(`confidence ${d.transcript.confidence}`);
  return `, ${parts.join(', ')}`;
}

/** Where the audio is, or why it is not archived (yet). */
function describeAudio(audio: RecordingDetail['audio'], s: (text: string | null) => string, times: TimeFormatter): string {
  if (audio.archived) return `archived at ${s(audio.path)}`;
  const next = audio.nextAttemptAt ? `; next try ${times.due(audio.nextAttemptAt)}` : '';
  switch (audio.status) {
    case 'missing':
      return 'not archived: RingCentral no longer has it';
    case 'not_yet_available':
      return `not archived: not available at RingCentral yet (404 since ${audio.notFoundSince ? times.at(audio.notFoundSince) : '?'})${next}`;
    case 'refused':
      return `not archived: RingCentral refused it (${s(audio.error)})${next}`;
    case 'pending':
      return `not archived: the last download failed (${s(audio.error)})${next}`;
    default:
      return 'not archived';
  }
}

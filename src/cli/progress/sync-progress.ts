import type { SyncEvent } from '../../sync/events.js';
import type { TextSink, Verbosity } from '../context.js';

/** A wait the rate-limit governor announces (429 penalty, pacing, backoff after an error). */
export interface WaitNotice {
  group: string;
  ms: number;
  reason: string;
}

export interface SyncProgress {
  onEvent(event: SyncEvent): void;
  onWait(wait: WaitNotice): void;
  /** Clears the spinner (if any) before the summary is printed. */
  stop(): void;
}

/**
 * Renders sync progress on stderr: a spinner with live counts on a terminal, otherwise one
 * timestamped line per step, which reads well in a cron or journald log. `-q` shows nothing.
 */
export async function createSyncProgress(stderr: TextSink, verbosity: Verbosity, now: () => Date): Promise<SyncProgress> {
  if (verbosity === 'quiet') return { onEvent: () => {}, onWait: () => {}, stop: () => {} };
  if (stderr.isTTY) return createSpinnerProgress(stderr, verbosity);
  return createLineProgress(stderr, verbosity, now);
}

function describe(event: SyncEvent): string | null {
  switch (event.type) {
    case 'lock-taken-over':
      return `took over the lock of a sync that died (pid ${event.pid} on ${event.host})`;
    case 'window':
      return `reading the call log from ${event.from} to ${event.to}${event.longCallReread ? ' (the daily wider re-read that catches long calls)' : ''}`;
    case 'page':
      return `call log page ${event.page}: ${event.records} records; recordings seen ${event.seen}, new ${event.new}, updated ${event.updated}`;
    case 'invalid-record':
      return `skipped an invalid call-log record${event.id ? ` ${event.id}` : ''}: ${event.error}`;
    case 'transcripts-start':
      return `fetching ${event.due} due transcripts`;
    case 'transcript':
      return null;
    case 'transcripts-not-licensed':
      return `RingSense refused (403): ${event.problem}; transcripts marked not_licensed until 'sync --retry' (fix: ${event.fix})`;
    case 'ringsense-route-missing':
      return `stopped asking RingSense: ${event.problem}; transcripts left as they were`;
    case 'owner-without-insights':
      return `${event.problem} (fix: ${event.fix})`;
    case 'owner-insights-restored':
      return `RingSense has insights for ${event.owner} again: its recordings get the normal retries`;
    case 'audio-start':
      return `downloading audio of ${event.due} recordings`;
    case 'audio':
      return null;
    case 'audio-missing':
      return `RingCentral no longer has the audio of recording ${event.id}${event.notFoundSince ? ` (404 since ${event.notFoundSince})` : ''}`;
    case 'audio-not-yet-available':
      return `the audio of recording ${event.id} is not available at RingCentral yet (404); trying again after ${event.nextAttemptAt}`;
    case 'audio-refused':
      return `RingCentral refused the audio of recording ${event.id} (${event.reason}); archiving the others, trying it again after ${event.nextAttemptAt}`;
    case 'audio-failed':
      return `could not download the audio of recording ${event.id} (${event.error}); a later sync resumes it${event.nextAttemptAt ? ` after ${event.nextAttemptAt}` : ''}`;
    case 'retention':
      return `retention: deleted ${event.deleted} recordings past the configured age`;
  }
}

function describeWait(wait: WaitNotice): string {
  return `waiting ${Math.ceil(wait.ms / 1000)} s (${wait.group}): ${wait.reason}`;
}

function createLineProgress(stderr: TextSink, verbosity: Verbosity, now: () => Date): SyncProgress {
  const line = (text: string) => stderr.write(`${now().toISOString()} sync: ${text}\n`);
  let lastTranscriptLine = 0;
  return {
    onEvent: (event) => {
      const text = describe(event);
      if (text) return void line(text);
      // Transcripts and downloads can be hundreds: a line every 100, and the last one.
      if (event.type === 'transcript' && (event.done - lastTranscriptLine >= 100 || event.done === event.due)) {
        lastTranscriptLine = event.done;
        line(`transcripts ${event.done}/${event.due}, ${event.fetched} fetched`);
      }
      if (event.type === 'audio' && verbosity === 'verbose') line(`audio ${event.done}/${event.due}`);
    },
    onWait: (wait) => {
      if (wait.ms >= 2000 || verbosity === 'verbose') line(describeWait(wait));
    },
    stop: () => {},
  };
}

async function createSpinnerProgress(stderr: TextSink, verbosity: Verbosity): Promise<SyncProgress> {
  // ora costs ~150 ms to load: only a sync on a terminal pays for it.
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: stderr as NodeJS.WritableStream, text: 'starting sync' }).start();
  let phase = 'starting sync';
  let counts = '';
  const render = (suffix = '') => {
    spinner.text = `${phase}${counts ? ` — ${counts}` : ''}${suffix}`;
  };
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'window':
          phase = event.longCallReread ? 'reading the call log (daily re-read for long calls)' : 'reading the call log';
          break;
        case 'page':
          counts = `page ${event.page}, ${event.seen} recordings (${event.new} new, ${event.updated} updated)`;
          break;
        case 'transcripts-start':
          phase = 'fetching transcripts';
          counts = `0/${event.due}`;
          break;
        case 'transcript':
          counts = `${event.done}/${event.due}, ${event.fetched} fetched`;
          break;
        case 'audio-start':
          phase = 'downloading audio';
          counts = `0/${event.due}`;
          break;
        case 'audio':
          counts = `${event.done}/${event.due}`;
          break;
        default: {
          const text = describe(event);
          if (text && (event.type !== 'invalid-record' || verbosity === 'verbose')) spinner.info(text).start();
        }
      }
      render();
    },
    onWait: (wait) => {
      if (wait.ms >= 1000) render(` — ${describeWait(wait)}`);
    },
    stop: () => spinner.stop(),
  };
}

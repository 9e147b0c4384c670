import { NotFoundError, UsageError } from '../errors.js';
import type { CommandFunction } from '../invocation.js';
import { openDatabase } from '../open-database.js';
import { terminalSafe, timeFormatter } from '../output/index.js';
import { currentActor } from './actor.js';

export interface HoldOptions {
  reason?: string;
  release?: boolean;
}

/**
 * `recordings hold <id> [--reason <text>] [--release]`: legal hold. Held recordings survive prune.
 * A recording id holds that recording; a call-log record id or (telephony) session id holds every
 * recording of that call (a transferred call has several), and says so.
 */
export const holdCommand: CommandFunction<HoldOptions> = async (invocation, options, id) => {
  const wanted = (id ?? '').trim();
  if (!wanted) throw new UsageError('hold: the id is empty', 'example: recordings hold 1234567890 --reason "case 4711"');
  const release = options.release === true;
  const reason = options.reason?.trim() || null;
  if (release && reason !== null) throw new UsageError('--reason goes with placing a hold, not with --release');

  const { store } = await openDatabase(invocation);
  try {
    const detail = await store.findRecording(wanted);
    if (!detail) {
      const shown = terminalSafe(wanted.length > 60 ? `${wanted.slice(0, 60)}…` : wanted);
      throw new NotFoundError(`no recording, call or session with id '${shown}' in the archive`, 'find ids with: recordings search');
    }
    const ids = detail.id === wanted ? [detail.id] : [detail.id, ...detail.otherRecordingIds];
    const wasHeld = new Set((await store.holdStates(ids)).filter((state) => state.legalHold).map((state) => state.id));
    const at = invocation.ctx.now().toISOString();
    const changed = new Set(await store.changeLegalHold(ids, { hold: !release, reason, at, actor: currentActor(invocation.ctx.env), requestedId: wanted }));
    const times = timeFormatter(invocation.ctx.stdout, invocation.ctx.now());
    const lines: string[] = [];
    if (ids.length > 1) lines.push(`'${terminalSafe(wanted)}' is a call with ${ids.length} recordings: ${release ? 'releasing' : 'holding'} all of them.`);
    for (const state of await store.holdStates(ids)) {
      const shown = terminalSafe(state.id);
      const why = state.holdReason ? ` (reason: ${terminalSafe(state.holdReason)})` : '';
      if (release) {
        lines.push(changed.has(state.id) ? `Released the legal hold on recording ${shown}.` : `Recording ${shown} was not on legal hold.`);
      } else if (!wasHeld.has(state.id)) {
        lines.push(`Recording ${shown} is on legal hold${why}: prune keeps it.`);
      } else {
        lines.push(`Recording ${shown} ${changed.has(state.id) ? 'stays' : 'was already'} on legal hold since ${state.heldAt ? times.at(state.heldAt) : 'an unknown time'}${why}.`);
      }
    }
    invocation.ctx.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
};

import type { Simulator } from '../../../src/simulator/index.js';
import { SIMULATOR_ACCOUNT_ID } from '../../../src/simulator/index.js';

/** The call-log columns of one recording as a complete sync must store them. */
export interface ExpectedRecording {
  id: string;
  call_id: string;
  start_time: string;
  duration_seconds: number;
  direction: string;
  from_number: string | null;
  from_name: string | null;
  to_number: string | null;
  to_name: string | null;
  recording_type: string;
  content_uri: string;
  /** The recording is on the second leg of a transferred call. */
  leg: 0 | 1;
}

/**
 * What a complete sync of [fromMs, toMs] must end up with, from the simulator's ground truth: every
 * recording id of the calls started in the window, with the recording's own start and length, the
 * call's id and the parties of the leg that was recorded.
 */
export function expectedRecordings(sim: Simulator, fromMs: number, toMs: number): Map<string, ExpectedRecording> {
  const expected = new Map<string, ExpectedRecording>();
  for (const id of sim.account.recordingIds(fromMs, toMs)) {
    const info = sim.account.recording(id);
    if (!info) throw new Error(`the simulator lists recording ${id} but does not know it`);
    const call = sim.account.callAt(info.callIndex);
    const leg = info.leg === 1 ? call.legs?.[1] : call;
    if (!leg) throw new Error(`call ${call.id} has no leg ${info.leg}`);
    expected.set(id, {
      id,
      call_id: call.id,
      start_time: new Date(info.startMs).toISOString(),
      duration_seconds: Math.round(info.durationMs / 1000),
      direction: call.direction,
      from_number: leg.from?.phoneNumber ?? null,
      from_name: leg.from?.name ?? null,
      to_number: leg.to?.phoneNumber ?? null,
      to_name: leg.to?.name ?? null,
      recording_type: info.type,
      content_uri: `${sim.url}/restapi/v1.0/account/${SIMULATOR_ACCOUNT_ID}/recording/${id}/content`,
      leg: info.leg,
    });
  }
  return expected;
}

/** Calls (call-log records) with a recording that started in [fromMs, toMs]. */
export function recordedCallCount(sim: Simulator, fromMs: number, toMs: number): number {
  const { first, last } = sim.account.indexRange(fromMs, toMs);
  let count = 0;
  for (let i = first; i <= last; i++) if (sim.account.shapeAt(i).recordings.length > 0) count++;
  return count;
}

/**
 * How sync treats an owner whose recordings never get insights
 * (docs/design.md, "RingCentral as it really behaves"). RingSense answers 404 for the recordings of an owner without an AI Conversation
 * Expert licence, exactly as for a call not processed yet, so without this every such recording
 * would cost the whole back-off series (about seven requests over 48 hours) and show `pending` all
 * that time.
 */

/** This many of an owner's recordings in a row ended `unavailable`, none ever with insights: ask sparingly. */
export const SPARSE_AFTER_UNAVAILABLE = 10;

/** A sparse owner's recording is asked about once, this long after the call ended (RingSense needs about 30 min). */
export const SPARSE_ASK_AFTER_CALL_MS = 30 * 60_000;

/** When a sparse owner's recording is asked about: once, about 30 minutes after the call ended. */
export function sparseAskAt(recording: { startTime: string; durationSeconds: number }): number {
  return Date.parse(recording.startTime) + recording.durationSeconds * 1000 + SPARSE_ASK_AFTER_CALL_MS;
}

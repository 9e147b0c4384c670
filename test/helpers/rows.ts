import type { CallRecordingRow, TranscriptRow } from '../../src/db/row-types.js';

/** A call-log recording row with sensible values; override what a test cares about. */
export function callRow(overrides: Partial<CallRecordingRow> = {}): CallRecordingRow {
  const id = overrides.id ?? '100001';
  return {
    id,
    callId: `call-${id}`,
    sessionId: `sess-${id}`,
    telephonySessionId: `s-${id}`,
    startTime: '2026-11-20T17:04:05.000Z',
    durationSeconds: 125,
    direction: 'Inbound',
    fromNumber: '+14155550100',
    fromName: 'Ana Souza',
    fromExtension: null,
    toNumber: '+16505550199',
    toName: 'Harbor Grill',
    toExtension: '101',
    extensionId: '664573005',
    owner: { extensionId: '664573005', extensionNumber: '101', name: 'Harbor Grill' },
    recordingType: 'Automatic',
    contentUri: `https://media.example/restapi/v1.0/account/~/recording/${id}/content`,
    shortRecording: false,
    lastModifiedTime: '2026-11-20T17:10:00.000Z',
    callLogJson: JSON.stringify({ id: `call-${id}`, version: 1 }),
    transcriptStatus: 'pending',
    ...overrides,
  };
}

export function transcriptRow(overrides: Partial<TranscriptRow> = {}): TranscriptRow {
  return {
    segments: [
      { speakerId: 'p-1', speakerName: 'Host', start: 0.5, end: 4.2, text: 'Harbor Grill, how can I help you?' },
      { speakerId: 'p-2', speakerName: 'Ana Souza', start: 4.6, end: 9.9, text: 'I would like to make a reservation for Friday.' },
    ],
    confidence: 0.91,
    summary: 'Caller booked a table for Friday.',
    sentiment: 'Positive',
    aiScore: 8,
    highlights: [{ value: 'Reservation for Friday', speakerId: 'p-2', start: 4.6, end: 9.9 }],
    nextSteps: [{ value: 'Confirm by text message', speakerId: 'p-1', start: null, end: null }],
    topics: ['reservation'],
    intent: 'booking_inquiry',
    ...overrides,
  };
}

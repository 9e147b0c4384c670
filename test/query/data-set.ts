import type { SeedRecording } from '../helpers/seed.js';

/**
 * A small archive with known answers: six recordings over three days, two of them one transferred
 * call (c-transfer), transcripts in several states, insights on the ready ones.
 */
export const DATA_SET: SeedRecording[] = [
  {
    id: 'rec-1',
    callId: 'c-1',
    startTime: '2026-11-20T15:00:00.000Z',
    durationSeconds: 120,
    direction: 'Inbound',
    from: { phoneNumber: '+14155550100', name: 'Maria Lopez' },
    to: { phoneNumber: '+16505550199', name: 'Front Desk', extensionNumber: '101' },
    lines: ['Maria: Hi, I would like to make a reservation for Friday', 'Host: Of course, how many guests?', 'Maria: A party of six please'],
    insights: { summary: 'Caller books a table for six on Friday', sentiment: 'Positive', topics: ['reservation'], confidence: 0.9, aiScore: 8.5, intent: 'booking_inquiry', highlights: [{ value: 'party of six', speakerId: 'maria', start: 10, end: 12 }], nextSteps: [{ value: 'Confirm by text', speakerId: null, start: null, end: null }] },
  },
  {
    id: 'rec-2',
    callId: 'c-2',
    startTime: '2026-11-21T09:30:00.000Z',
    durationSeconds: 300,
    direction: 'Inbound',
    from: { phoneNumber: '+442071838750', name: 'Oliver Smith' },
    to: { phoneNumber: '+16505550199', name: 'Front Desk' },
    lines: ['Oliver: My delivery arrived cold and I want a refund', 'Host: I am sorry, I will refund the order', 'Oliver: Also cancel my reservations for next week'],
    insights: { summary: 'Complaint about a cold delivery; refund and cancellation', sentiment: 'Negative', topics: ['complaint', 'cancellation', 'reservation'], confidence: 0.7 },
  },
  {
    id: 'rec-3',
    callId: 'c-transfer',
    telephonySessionId: 's-transfer',
    startTime: '2026-11-21T18:00:00.000Z',
    durationSeconds: 45,
    direction: 'Outbound',
    from: { phoneNumber: '+16505550199', name: 'Front Desk' },
    to: { phoneNumber: '+14085550123', name: 'Catering Co' },
    lines: ['Host: We need catering platters for a reservation of forty'],
    insights: { sentiment: 'Neutral', topics: ['catering'], confidence: null },
  },
  {
    id: 'rec-4',
    callId: 'c-transfer',
    telephonySessionId: 's-transfer',
    startTime: '2026-11-21T18:02:00.000Z',
    durationSeconds: 200,
    direction: 'Outbound',
    from: { phoneNumber: '+16505550199', name: 'Front Desk' },
    to: { phoneNumber: '+14085550123', name: 'Catering Co' },
    status: 'pending',
  },
  { id: 'rec-5', callId: 'c-5', startTime: '2026-11-22T08:00:00.000Z', durationSeconds: 5, direction: 'Inbound', from: { phoneNumber: '+13125550142' }, status: 'skipped' },
  { id: 'rec-6', callId: 'c-6', startTime: '2026-11-22T10:00:00.000Z', durationSeconds: 30, direction: 'Inbound', from: { phoneNumber: null, extensionNumber: '205' }, status: 'unavailable' },
];

/**
 * A recording whose names and words go beyond ASCII, one of them decomposed (и followed by U+0306
 * for й): SQLite's unicode61 folds that to и, where PostgreSQL's Unicode normalisation would make й.
 */
export const BEYOND_ASCII: SeedRecording = {
  id: 'rec-beyond-ascii',
  startTime: '2026-11-22T10:00:00.000Z',
  from: { phoneNumber: '+33142685300', name: 'Zoë Nguyễn' },
  lines: ['Host: Bonjour Мои\u0306ра, une table pour Søren et François, s’il vous plaît ?'],
  insights: { summary: 'Réservation für ØSTER' },
};

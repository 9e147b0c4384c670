import { describe, expect, it } from 'vitest';
import { readExample } from '../../test/helpers/ringcentral-fixtures.js';
import { DEFAULT_INTENTS, DEFAULT_TOPICS } from '../config/default-rules.js';
import { compileRules, matchIntent, matchTopics } from './classify.js';
import { mapInsights } from './map-insights.js';

const rules = { topics: compileRules(DEFAULT_TOPICS), intents: compileRules(DEFAULT_INTENTS) };

describe('mapInsights', () => {
  it('maps the official RingSense example: segments with speaker names, summary, next steps, sentiment, score', () => {
    const body = readExample('ringsense-insights-pbx.json');
    const row = mapInsights(body, rules);
    expect(row.segments).toHaveLength(4);
    expect(row.segments[0]).toEqual({
      speakerId: 'p-a0e7b361acc0az191bec7e275z7cae070000-1',
      speakerName: 'John Smith',
      start: 2.2,
      end: 14.52,
      text: 'Okay, I record this meeting so we will have the RingSense meeting insights.',
    });
    expect(row.summary).toBe('The call is about discussing the tasks and timeline for completing a project.');
    expect(row.nextSteps.map((step) => step.value)).toEqual([
      'Complete the test with own code for the API.',
      'Write a developer guide for the API.',
      'Publish the developer guide after review and editing.',
    ]);
    expect(row.nextSteps[1]!.speakerId).toBe('p-a0e7b361acc0az191bec7e275z7cae070000-2');
    expect(row.sentiment).toBe('Positive');
    expect(row.aiScore).toBe(8);
    expect(row.confidence).toBeNull();
    expect(row.highlights).toEqual([]);
  });

  it('copes with a body that has no insights at all', () => {
    expect(mapInsights({}, rules)).toMatchObject({ segments: [], summary: null, sentiment: null, aiScore: null, topics: [], intent: null });
  });

  it('derives topics and intent from the transcript and summary', () => {
    const row = mapInsights(
      {
        insights: {
          Transcript: [{ text: 'Hi, I need to cancel my reservation for Friday.', speakerId: 'x' }],
          Summary: [{ value: 'Guest cancelled a booking.' }],
          Sentiment: [{ value: 'negative' }],
        },
      },
      rules,
    );
    expect(row.topics).toEqual(['reservation', 'cancellation']);
    expect(row.intent).toBe('cancellation');
    expect(row.sentiment).toBe('Negative');
    expect(row.segments[0]!.speakerName).toBeNull();
  });
});

describe('keyword rules', () => {
  const compiled = compileRules({ gift_card: ['gift card'], hours: ['open'], cafe: ['café'] });
  it('matches whole words and phrases, plurals, any case and accents', () => {
    expect(matchTopics('Do you sell GIFT   CARDS?', compiled)).toEqual(['gift_card']);
    expect(matchTopics('Are you opened on Sunday', compiled)).toEqual(['hours']);
    expect(matchTopics('reopen the kitchen', compiled)).toEqual([]); // not a whole word
    expect(matchTopics('the cafe is busy', compiled)).toEqual(['cafe']);
    expect(matchIntent('nothing relevant', compiled)).toBeNull();
  });
  it('treats keywords as text, not as regular expressions', () => {
    expect(matchTopics('a+b', compileRules({ plus: ['a+b'] }))).toEqual(['plus']);
    expect(matchTopics('aab', compileRules({ plus: ['a+b'] }))).toEqual([]);
  });
});

import type { InsightValueRow, SegmentRow, TranscriptRow } from '../db/row-types.js';
import { type CompiledRules, matchIntent, matchTopics } from './classify.js';

/** The parts of a RingSense RecordingInsights body (docs/ringcentral.md, "RingSense insights") that mapping reads. */
export interface RingSenseInsightsLike {
  speakerInfo?: { speakerId: string; name?: string | null | undefined }[] | undefined;
  insights?:
    | {
        Transcript?: { speakerId?: string | null | undefined; text: string; start?: number | undefined; end?: number | undefined }[] | undefined;
        Summary?: { value: string; start?: number | undefined; end?: number | undefined }[] | undefined;
        Highlights?: InsightItemLike[] | undefined;
        NextSteps?: InsightItemLike[] | undefined;
        Sentiment?: { value: string }[] | undefined;
        AIScore?: { value: string | number }[] | undefined;
      }
    | undefined;
}

interface InsightItemLike {
  speakerId?: string | null | undefined;
  value: string;
  start?: number | undefined;
  end?: number | undefined;
}

export interface InsightRules {
  topics: CompiledRules;
  intents: CompiledRules;
}

/**
 * A RingSense body to a transcript row. Speaker names come from `speakerInfo`, joined on
 * `speakerId`. RingSense reports no confidence, so it stays null; topics and intent come from the
 * keyword rules over the transcript and summary.
 */
export function mapInsights(body: RingSenseInsightsLike, rules: InsightRules): TranscriptRow {
  const names = new Map((body.speakerInfo ?? []).map((speaker) => [speaker.speakerId, speaker.name ?? null]));
  const insights = body.insights ?? {};
  const segments: SegmentRow[] = (insights.Transcript ?? [])
    .filter((segment) => segment.text.trim() !== '')
    .map((segment) => ({
      speakerId: segment.speakerId ?? null,
      speakerName: segment.speakerId ? (names.get(segment.speakerId) ?? null) : null,
      start: segment.start ?? null,
      end: segment.end ?? null,
      text: segment.text,
    }));
  const summaryParts = (insights.Summary ?? []).map((item) => item.value.trim()).filter(Boolean);
  const summary = summaryParts.length > 0 ? summaryParts.join('\n') : null;
  const searchable = [summary ?? '', ...segments.map((s) => s.text)].join('\n');
  return {
    segments,
    confidence: null,
    summary,
    sentiment: normaliseSentiment(insights.Sentiment?.[0]?.value),
    aiScore: parseScore(insights.AIScore?.[0]?.value),
    highlights: (insights.Highlights ?? []).map(toInsightValue),
    nextSteps: (insights.NextSteps ?? []).map(toInsightValue),
    topics: matchTopics(searchable, rules.topics),
    intent: matchIntent(searchable, rules.intents),
  };
}

function toInsightValue(item: InsightItemLike): InsightValueRow {
  return { value: item.value, speakerId: item.speakerId ?? null, start: item.start ?? null, end: item.end ?? null };
}

/** RingCentral's spelling (`Positive`), whatever case arrives; anything else is dropped. */
function normaliseSentiment(value: string | undefined): string | null {
  const known = ['Positive', 'Neutral', 'Negative'];
  return known.find((name) => name.toLowerCase() === value?.trim().toLowerCase()) ?? null;
}

/** AIScore arrives as a string ("8"). */
function parseScore(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  const score = typeof value === 'number' ? value : Number.parseFloat(value);
  return Number.isFinite(score) ? score : null;
}

import { type Html, html } from './html.js';

/** Inbound or Outbound as a small labelled badge (the arrow is decoration; the word is the meaning). */
export function directionBadge(direction: string): Html {
  const inbound = direction.toLowerCase() === 'inbound';
  const known = inbound || direction.toLowerCase() === 'outbound';
  return html`<span class="badge badge-direction">${known ? html`<span aria-hidden="true">${inbound ? '↙' : '↗'} </span>` : ''}${direction}</span>`;
}

const SENTIMENT_CLASSES: Record<string, string> = { positive: 'badge-positive', neutral: 'badge-neutral', negative: 'badge-negative' };

export function sentimentBadge(sentiment: string): Html {
  const modifier = SENTIMENT_CLASSES[sentiment.toLowerCase()] ?? 'badge-plain';
  return html`<span class="badge ${modifier}"><span class="visually-hidden">Sentiment: </span>${sentiment}</span>`;
}

/** Topics, each a link to the search for that topic. */
export function topicLinks(topics: readonly string[]): Html {
  return html`<ul class="topics" aria-label="Topics">${topics.map(
    (topic) => html`<li><a class="topic" href="/?${new URLSearchParams([['topic', topic]]).toString()}">${topic}</a></li>`,
  )}</ul>`;
}

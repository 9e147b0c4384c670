/** The filters of search, export and stats, by the names the query layer gives them. */
export type FilterKey = 'text' | 'phone' | 'from' | 'to' | 'direction' | 'hasTranscript' | 'status' | 'sentiment' | 'topic' | 'limit' | 'offset' | 'sort';

/**
 * How a caller spells the filters, so an error names what they typed: `--text` on the command line
 * (docs/cli.md, "`recordings search`"), `search_text` in a URL of the API
 * (docs/cli.md, "`recordings serve`").
 */
export interface ParameterStyle {
  name(key: FilterKey): string;
  /** Parameters with example values as the caller writes them: `--from 7d --to now`, `from=7d&to=now`. */
  example(...pairs: [FilterKey, string][]): string;
}

const OPTION_NAMES: Record<FilterKey, string> = {
  text: '--text',
  phone: '--phone',
  from: '--from',
  to: '--to',
  direction: '--direction',
  hasTranscript: '--has-transcript',
  status: '--status',
  sentiment: '--sentiment',
  topic: '--topic',
  limit: '--limit',
  offset: '--offset',
  sort: '--sort',
};

export const URL_PARAMETER_NAMES: Record<FilterKey, string> = {
  text: 'search_text',
  phone: 'phone_number',
  from: 'from',
  to: 'to',
  direction: 'direction',
  hasTranscript: 'has_transcript',
  status: 'status',
  sentiment: 'sentiment',
  topic: 'topic',
  limit: 'limit',
  offset: 'offset',
  sort: 'sort',
};

export const COMMAND_LINE: ParameterStyle = {
  name: (key) => OPTION_NAMES[key],
  example: (...pairs) => pairs.map(([key, value]) => `${OPTION_NAMES[key]} ${value}`).join(' '),
};

export const URL_PARAMETERS: ParameterStyle = {
  name: (key) => URL_PARAMETER_NAMES[key],
  // A value quoted for the shell (`'+1 (415) 555-0100'`) is written as a query string carries it.
  example: (...pairs) => pairs.map(([key, value]) => `${URL_PARAMETER_NAMES[key]}=${queryValue(value.replace(/^'(.*)'$/, '$1'))}`).join('&'),
};

/** A value as a query string carries it, kept readable: `+` encoded, spaces as `+`, `&` `=` `#` `%` encoded. */
function queryValue(value: string): string {
  return value.replace(/[+&=#%]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/ /g, '+');
}

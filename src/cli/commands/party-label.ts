import type { PartyRow } from '../../db/rows.js';
import { terminalSafe } from '../output/index.js';

/** A call party for a table cell: name, then the number (or extension) on the next line. */
export function partyLabel(party: PartyRow): string {
  const number = party.phoneNumber ?? (party.extensionNumber ? `ext ${party.extensionNumber}` : null);
  return [party.name, number]
    .filter((part): part is string => Boolean(part))
    .map((part) => terminalSafe(part))
    .join('\n');
}

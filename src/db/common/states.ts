import { sql } from 'drizzle-orm';

/** Named values as sync_state rows, on either dialect. */
export function stateRows(values: Readonly<Record<string, string>>, now: string): { name: string; value: string; updatedAt: string }[] {
  return Object.entries(values).map(([name, value]) => ({ name, value, updatedAt: now }));
}

/** A named value written again replaces the stored one. */
export const STATE_UPSERT = { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` };

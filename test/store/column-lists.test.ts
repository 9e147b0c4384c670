import { getTableColumns, type Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../src/cli/commands/search.js';
import { REFUSED_AUDIO_COLUMNS } from '../../src/db/audio-queries.js';
import { OWNER_COLUMNS } from '../../src/db/owner-queries.js';
import { SYNC_RUN_COLUMNS as POSTGRES_SYNC_RUN_COLUMNS } from '../../src/db/postgres/facts.js';
import * as postgres from '../../src/db/postgres/schema.js';
import { AUDIT_INSERT, auditValues } from '../../src/db/queries/audit.js';
import { EXPORT_COLUMNS } from '../../src/db/queries/export-rows.js';
import { DETAIL_COLUMN_NAMES } from '../../src/db/queries/get.js';
import { LISTING_COLUMN_NAMES } from '../../src/db/queries/recording-columns.js';
import { WRITTEN_FIELDS } from '../../src/db/common/recording-upsert.js';
import { INSIGHT_FIELDS, SEGMENT_FIELDS, TRANSCRIPT_FIELDS } from '../../src/db/common/transcripts.js';
import * as sqlite from '../../src/db/sqlite/schema.js';
import { SYNC_RUN_COLUMNS } from '../../src/db/status-queries.js';

/**
 * The query commands read with hand-written SQL (drizzle costs start-up time,
 * docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"); their column lists are typed from the schema, and checked here against both
 * dialects' schemas at run time: a renamed or dropped column fails this test, not a user's search.
 */
const columnsOf = (table: Table) => Object.values(getTableColumns(table)).map((column) => column.name);
/** Each item of a select list (`a, b AS c, r.d, e AS "f"`): the column it reads and the name it gives it. */
const selected = (list: string) =>
  list.split(',').map((item) => {
    const [column, , alias] = item.trim().split(/\s+/);
    const name = column!.replace(/^r\./, '');
    return { column: name, alias: alias?.replace(/"/g, '') ?? name };
  });
const schemas = { sqlite, postgres };

describe('hand-written column lists', () => {
  it('name only columns of recordings, in both schemas', () => {
    const lists: Record<string, readonly string[]> = {
      'export columns (src/db/queries/export-rows.ts)': EXPORT_COLUMNS,
      'listing columns (src/db/queries/recording-columns.ts)': LISTING_COLUMN_NAMES,
      'detail columns (src/db/queries/get.ts)': DETAIL_COLUMN_NAMES,
      'refused audio (src/db/audio-queries.ts)': selected(REFUSED_AUDIO_COLUMNS).map((item) => item.column),
      'search CSV header (src/cli/commands/search.ts)': CSV_HEADER.filter((name) => !['has_transcript', 'snippet'].includes(name)),
    };
    for (const schema of Object.values(schemas)) {
      const known = columnsOf(schema.recordings);
      for (const [name, list] of Object.entries(lists)) expect(list.filter((column) => !known.includes(column)), name).toEqual([]);
    }
  });

  it('read each column of sync_runs and recording_owners under the name the schema gives its field, in both schemas', () => {
    const lists: [string, string, (schema: typeof sqlite | typeof postgres) => Table][] = [
      ['sync runs (src/db/status-queries.ts)', SYNC_RUN_COLUMNS, (schema) => schema.syncRuns],
      ['sync runs (src/db/postgres/facts.ts)', POSTGRES_SYNC_RUN_COLUMNS, (schema) => schema.syncRuns],
      ['owners (src/db/owner-queries.ts)', OWNER_COLUMNS, (schema) => schema.recordingOwners],
    ];
    for (const schema of Object.values(schemas)) {
      for (const [name, list, table] of lists) {
        const fields = Object.fromEntries(Object.entries(getTableColumns(table(schema))).map(([field, column]) => [field, column.name]));
        expect(selected(list).filter(({ column, alias }) => fields[alias] !== column), name).toEqual([]);
      }
    }
    // Every column of a run but the process id, which status does not show.
    expect(selected(SYNC_RUN_COLUMNS).map((item) => item.column).sort()).toEqual(columnsOf(sqlite.syncRuns).filter((column) => column !== 'pid').sort());
  });

  it("append to the audit log the columns the schema has, named as the entry's fields", () => {
    const [, columns, values] = /\(([^)]*)\) VALUES \(([^)]*)\)/.exec(AUDIT_INSERT)!;
    const names = columns!.split(',').map((name) => name.trim());
    const params = values!.split(',').map((param) => param.trim().replace(/^@/, ''));
    const entryFields = Object.keys(auditValues({ at: '', action: '', actor: '', details: {} }));
    for (const schema of Object.values(schemas)) {
      const fields = Object.fromEntries(Object.entries(getTableColumns(schema.auditLog)).map(([field, column]) => [field, column.name]));
      expect(params.map((field) => fields[field])).toEqual(names);
    }
    expect(params.sort()).toEqual(entryFields.sort());
  });
});

describe('the fields the write rules both dialects share name', () => {
  it('are fields of the tables they write, in both schemas', () => {
    for (const schema of Object.values(schemas)) {
      const lists: [string, readonly string[], Table][] = [
        ['a page of the call log (src/db/common/recording-upsert.ts)', WRITTEN_FIELDS, schema.recordings],
        ['a transcript (src/db/common/transcripts.ts)', TRANSCRIPT_FIELDS, schema.recordings],
        ['a segment (src/db/common/transcripts.ts)', SEGMENT_FIELDS, schema.transcriptSegments],
        ['an insight (src/db/common/transcripts.ts)', INSIGHT_FIELDS, schema.insights],
      ];
      for (const [name, list, table] of lists) {
        const known = Object.keys(getTableColumns(table));
        expect(list.filter((field) => !known.includes(field)), name).toEqual([]);
      }
    }
    // A segment and an insight row are written whole.
    expect([...SEGMENT_FIELDS].sort()).toEqual(Object.keys(getTableColumns(sqlite.transcriptSegments)).sort());
    expect([...INSIGHT_FIELDS].sort()).toEqual(Object.keys(getTableColumns(sqlite.insights)).sort());
  });
});

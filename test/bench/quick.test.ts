import { describe, expect, inject, it } from 'vitest';
import { runBench } from '../../bench/main.js';
import { renderTable } from '../../bench/report.js';

/**
 * Keeps the benchmark from rotting: `--quick` (2k recordings, a few runs) must run every
 * measurement and report a figure for each. No timing goal is asserted here (that is the
 * benchmark's job, on a quiet machine); only that every figure is there and is a real number.
 */
describe('bench --quick (SQLite and PostgreSQL)', () => {
  it('runs every measurement and reports every figure', async () => {
    // PostgreSQL on the test run's server (test/setup/postgres.ts), in databases of the run's own.
    const rows = await runBench(['--quick', '--postgres', inject('postgresUrl')], () => {});
    const measures = rows.map((row) => row.measure);
    for (const term of ['rare', 'medium', 'phrase', 'common']) {
      for (const variant of ['ranked', 'ranked + inbound, last 90 days', 'newest', 'newest + inbound, last 90 days']) {
        const row = rows.find((r) => r.measure.startsWith(`search ${term} (`) && r.measure.endsWith(`) ${variant}`));
        expect(row, `search ${term} ${variant}`).toBeDefined();
        expect(row!.value).toMatch(/^\d+(\.\d+)? ms$/);
        expect(row!.baseline).toMatch(/^fts5 \d+(\.\d+)? ms; LIKE \d+(\.\d+)? ms$/);
      }
    }
    const expectRow = (prefix: string, value: RegExp, extra?: RegExp) => {
      const row = rows.find((r) => r.measure.startsWith(prefix));
      expect(row, prefix).toBeDefined();
      expect(row!.value).toMatch(value);
      if (extra) expect(row!.extra).toMatch(extra);
      return row!;
    };
    expectRow('phone suffix', /^\d+(\.\d+)? ms$/);
    expectRow('stats', /^\d+(\.\d+)? ms$/);
    expectRow('database size', /^\d+\.\d KiB\/rec$/);
    const startup = expectRow('start-up', /^\d+(\.\d+)? ms$/);
    expect(startup.extra).toBe('none of sdk/drizzle/ora/zod/libphonenumber');
    expectRow('export CSV', /^[\d,]+ rows\/s$/, /^\d+ MB RSS$/);
    for (const term of ['rare', 'medium', 'phrase', 'common']) {
      const http = expectRow(`serve: GET /api/v1/recordings?search_text= ${term}`, /^\d+(\.\d+)? ms$/, /^\d+(\.\d+)? ms$/);
      expect(http.baseline).toMatch(/^in process \d+(\.\d+)? ms$/);
    }
    const load = expectRow('serve: 20 clients', /^\d+(\.\d+)? ms$/, /^\d+(\.\d+)? ms$/);
    // Load on a busy machine may be slow; an error is never acceptable.
    expect(load.baseline).toMatch(/^[\d,]+ requests\/s; 0 errors$/);
    expectRow('serve: spawned to first answer', /^\d+(\.\d+)? ms$/);
    const sync = expectRow('sync ingest', /^[\d,]+ rec\/s$/, /^\d+ MB RSS$/);
    // The sync stores what the simulator holds, one call-log request per 1,000 records.
    const [, made, minimum] = /^(\d+) call-log requests \(min (\d+)\)$/.exec(sync.baseline) ?? [];
    expect(Number(made)).toBe(Number(minimum));
    const probes = ['rare ranked', 'medium ranked', 'phrase ranked', 'common ranked', 'common newest', 'common newest + inbound, last 90 days', 'phone suffix'];
    for (const probe of probes) {
      const row = expectRow(`PostgreSQL search ${probe}`, /^\d+(\.\d+)? ms$/, /^\d+(\.\d+)? ms$/);
      // The CPU ratios are there when the server runs on this machine, as the test run's does.
      expect(row.baseline).toMatch(/^SQLite \d+(\.\d+)? ms; bare PG \d+(\.\d+)? ms = \d+\.\d\d×; CPU \d+\.\d\d× \(bare \d+\.\d\d×\)$/);
    }
    expectRow('PostgreSQL database size', /^\d+\.\d KiB\/rec$/);
    for (const pgStartup of rows.filter((r) => r.measure.startsWith('PostgreSQL start-up'))) {
      expect(pgStartup.value).toMatch(/^\d+(\.\d+)? ms$/);
      expect(pgStartup.extra).toBe('none of sdk/drizzle/ora/zod/libphonenumber');
      expect(pgStartup.baseline).toMatch(/^node -e 0 \d+(\.\d+)? ms; SQLite \d+(\.\d+)? ms = \d+\.\d\d×$/);
    }
    expect(rows.filter((r) => r.measure.startsWith('PostgreSQL start-up'))).toHaveLength(2);
    const pgSync = expectRow('PostgreSQL sync ingest', /^[\d,]+ rec\/s$/, /^\d+ MB RSS$/);
    expect(pgSync.baseline).toMatch(/^SQLite [\d,]+ rec\/s, \d+ MB; (\d+) call-log requests \(min \1\)$/);
    expectRow('copy --to PostgreSQL', /^\d+\.\d s$/);
    expect(renderTable(rows).split('\n')).toHaveLength(rows.length + 2);
    expect(measures.length).toBe(16 + 6 + 6 + probes.length + 5);
  });
});

import { resolve } from 'node:path';
import { loadArchiveSettings } from '../../config/load.js';
import type { ExportRow } from '../../db/queries/export-rows.js';
import { ExportEncoder } from '../../query/export-encoding.js';
import { type FilterOptions, describeFilters, parseFilters } from '../../query/filters.js';
import type { CommandFunction } from '../invocation.js';
import { openArchive } from '../open-database.js';
import { AtomicFile, ChunkedWriter, sinkEmitter, terminalSafeData } from '../output/index.js';
import { currentActor } from './actor.js';

export interface ExportOptions extends FilterOptions {
  format: 'csv' | 'json' | 'ndjson';
  output?: string;
  bom?: boolean;
}

/**
 * `recordings export`: every matching recording as CSV, JSON or NDJSON, streamed from the database
 * row by row (docs/cli.md, "`recordings export`"). Each finished export is written to the audit log: it takes personal data out.
 */
export const exportCommand: CommandFunction<ExportOptions> = async (invocation, options) => {
  const settings = await loadArchiveSettings(invocation.globals, invocation.ctx.env, { defaultRegion: options.phone !== undefined });
  const parsed = await parseFilters(options, { now: invocation.ctx.now(), defaultLimit: undefined, defaultRegion: settings.defaultRegion });
  const toStdout = options.output === undefined || options.output === '-';
  const file = toStdout ? null : await AtomicFile.create(resolve(options.output!));
  let store;
  try {
    store = await openArchive(settings.database);
  } catch (error) {
    // No archive there: the temp file goes too, so no empty report is left behind.
    await file?.discard();
    throw error;
  }
  try {
    const writer = new ChunkedWriter(file ? (chunk) => file.write(chunk) : sinkEmitter(invocation.ctx.stdout));
    const rows = store.exportRows(parsed);
    // CSV on a terminal: escape sequences in names or transcripts are shown escaped, not run.
    const onTerminal = !file && invocation.ctx.stdout.isTTY === true;
    const count = await writeRows(onTerminal ? { write: (chunk) => writer.write(terminalSafeData(chunk)) } : writer, rows, options);
    await writer.flush();
    await file?.commit();
    await store.appendAudit({
      at: invocation.ctx.now().toISOString(),
      action: 'export',
      actor: currentActor(invocation.ctx.env),
      details: { filters: describeFilters(options), format: options.format, rows: count, output: file ? file.path : 'stdout' },
    });
    invocation.log.verbose(`exported ${count} recordings${file ? ` to ${file.path}` : ''}`);
    return 0;
  } catch (error) {
    await file?.discard();
    throw error;
  } finally {
    await store.close();
  }
};

async function writeRows(writer: Pick<ChunkedWriter, 'write'>, rows: AsyncIterable<ExportRow>, options: ExportOptions): Promise<number> {
  const encoder = new ExportEncoder(options.format, options.bom);
  await writer.write(encoder.start());
  for await (const row of rows) await writer.write(encoder.row(row));
  await writer.write(encoder.end());
  return encoder.rows;
}

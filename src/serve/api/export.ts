import type { AuditEntry } from '../../db/row-types.js';
import { ExportEncoder, EXPORT_MEDIA_TYPES } from '../../query/export-encoding.js';
import { describeFilters } from '../../query/filters.js';
import type { ArchiveReader } from '../../query/reader.js';
import { exportQueryFromUrl } from '../../query/url-parameters.js';
import type { ServeApp } from '../context.js';
import { searchParams } from './routes.js';

/** Text is handed to the connection in pieces of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

export interface ExportRouteContext {
  reader: ArchiveReader;
  now: () => Date;
  defaultRegion: string;
  /** Where an export that failed halfway is reported (the server's stderr). */
  log: (line: string) => void;
}

/**
 * `GET /api/v1/export`: the bytes `recordings export` writes for the same filters, streamed as a
 * download (docs/cli.md, "`recordings export`"). Rows are read as the client takes them, so memory
 * stays flat and a client that goes away stops the reading. The first row is read before the
 * answer starts, so a problem (no archive yet) is still a proper error status rather than a cut-off
 * file. Each export is written to the audit log when it ends, with the token's name, how many rows
 * went out, and whether the client received them all: it takes personal data out.
 */
export function exportRoute(app: ServeApp, context: ExportRouteContext): void {
  app.get('/api/v1/export', async (c) => {
    const { options, query, format, bom } = await exportQueryFromUrl(searchParams(c.req.url), {
      now: context.now(),
      defaultRegion: context.defaultRegion,
    });
    const started = context.now();
    const stamp = started.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
    const headers = {
      'Content-Type': EXPORT_MEDIA_TYPES[format],
      'Content-Disposition': `attachment; filename="recordings-${stamp}.${format}"`,
    };
    // A HEAD request (which Hono answers with this handler) gets the headers, and reads nothing.
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);

    const rows = context.reader.exportRows(query)[Symbol.asyncIterator]();
    let next = await rows.next();
    const encoder = new ExportEncoder(format, bom);
    let audited = false;
    const audit = async (complete: boolean) => {
      if (audited) return;
      audited = true;
      const entry: AuditEntry = {
        at: context.now().toISOString(),
        action: 'export',
        actor: c.get('actor'),
        details: { filters: describeFilters(options), format, rows: encoder.rows, output: 'download', via: 'serve', complete },
      };
      await context.reader.audit(entry).catch((error: unknown) => context.log(`export audit entry not written: ${(error as Error).message}`));
    };
    const bytes = new TextEncoder();
    let text = encoder.start();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          while (text.length < CHUNK_CHARS && !next.done) {
            text += encoder.row(next.value);
            next = await rows.next();
          }
          if (next.done) {
            controller.enqueue(bytes.encode(text + encoder.end()));
            controller.close();
            await audit(true);
            return;
          }
          controller.enqueue(bytes.encode(text));
          text = '';
        } catch (error) {
          context.log(`export failed after ${encoder.rows} rows: ${(error as Error).message}`);
          controller.error(error);
          await rows.return?.();
          await audit(false);
        }
      },
      async cancel() {
        await rows.return?.();
        await audit(false);
      },
    });
    return c.body(body, 200, headers);
  });
}

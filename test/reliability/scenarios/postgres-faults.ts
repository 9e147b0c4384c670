import pg from 'pg';
import { openStore } from '../../../src/db/open-store.js';
import type { CliResult } from '../../helpers/run-cli.js';
import { sleep } from './harness.js';

export interface TerminatedRun {
  result: CliResult;
  /** The statement the run's connection was in when the server ended it; null when it never came to write there. */
  terminated: string | null;
}

/**
 * Runs `run` (a sync on the archive `db`) and ends its connection from the server side in the middle
 * of a write to `table`, as a restart, a failover or an administrator's `pg_terminate_backend` does.
 * To land inside the write every time, another connection holds `table` against writes (SHARE ROW
 * EXCLUSIVE lets reads through): the run's first INSERT, UPDATE or DELETE there waits, inside its
 * transaction, and that waiting backend is the one terminated. The archive is created first (the
 * table must exist to be locked), as the first sync would create it.
 */
export async function terminateDuringWrite(db: string, table: string, run: () => Promise<CliResult>): Promise<TerminatedRun> {
  await (await openStore(db, { create: true })).close();
  const blocker = new pg.Client({ connectionString: db });
  const watcher = new pg.Client({ connectionString: db });
  await blocker.connect();
  await watcher.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE "${table}" IN SHARE ROW EXCLUSIVE MODE`);
    let finished = false;
    const running = run().finally(() => {
      finished = true;
    });
    let terminated: string | null = null;
    while (!finished && terminated === null) {
      const waiting = await watcher.query<{ pid: number; query: string }>(
        `SELECT pid, query FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'recordings' AND wait_event_type = 'Lock'`,
      );
      const victim = waiting.rows[0];
      if (victim) {
        await watcher.query('SELECT pg_terminate_backend($1)', [victim.pid]);
        terminated = victim.query;
      } else {
        await sleep(20);
      }
    }
    await blocker.query('ROLLBACK');
    return { result: await running, terminated };
  } finally {
    await blocker.end().catch(() => {});
    await watcher.end().catch(() => {});
  }
}

import { describeError } from '../error-to-exit-code.js';
import { UsageError } from '../errors.js';
import type { Invocation } from '../invocation.js';

/**
 * `sync --schedule <cron>`: stays running and syncs on the expression (node-cron). One sync at a
 * time: a tick that finds the previous sync still running is skipped and logged. SIGINT/SIGTERM
 * stop it cleanly after the current page. A failed sync is logged and the schedule goes on.
 */
export async function runSchedule(invocation: Invocation, expression: string, syncOnce: () => Promise<number>): Promise<number> {
  const { default: cron } = await import('node-cron');
  if (!cron.validate(expression)) {
    throw new UsageError(`--schedule: '${expression}' is not a cron expression`, "e.g. --schedule '*/5 * * * *' (every 5 minutes)");
  }
  const { log, ctx } = invocation;
  const stop = ctx.interruption?.() ?? new AbortController().signal;
  let running = false;
  const tick = async () => {
    if (stop.aborted) return;
    if (running) {
      log.info(`${ctx.now().toISOString()} schedule: previous sync still running, this tick is skipped`);
      return;
    }
    running = true;
    try {
      await syncOnce();
    } catch (error) {
      const described = describeError(error);
      log.error(`${described.message} (exit ${described.exitCode}); the schedule goes on`);
    } finally {
      running = false;
    }
  };
  const task = cron.schedule(expression, tick, { name: 'recordings-sync' });
  log.info(`${ctx.now().toISOString()} schedule: syncing on '${expression}'; next at ${task.getNextRun()?.toISOString() ?? 'never'}; Ctrl-C to stop`);
  await new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
  await task.stop();
  await task.destroy();
  while (running) await new Promise((resolve) => setTimeout(resolve, 100));
  log.info(`${ctx.now().toISOString()} schedule: stopped`);
  return 0;
}

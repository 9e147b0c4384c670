import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A long sync makes garbage fast (a call-log page is ~10 MB of parsed and validated JSON), and V8,
 * tuned for throughput, lets the heap grow to several times what is live before a full collection:
 * a 100k-recording backfill peaked at ~270 MB of RSS with ~30 MB live (BENCHMARKS.md). The heap
 * limit can only be set when Node starts, so instead a full collection runs between pages once the
 * heap passes the ceiling. Returns whether it collected.
 */
export function keepHeapUnder(ceilingBytes: number): boolean {
  if (process.memoryUsage().heapUsed < ceilingBytes) return false;
  if (collect === undefined) {
    try {
      // The documented way to reach V8's gc() in a process started without --expose-gc.
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect();
  return true;
}

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from '../../../src/db/open.js';
import { cli } from '../../helpers/run-cli.js';
import { seedRecordings } from '../../helpers/seed.js';
import { type Lab, seededRandom, simEnv } from './harness.js';

/**
 * A corrupt or foreign database file (issue 9, item 7): every command that opens the database
 * must say so in one clear line, exit 1 and leave the file exactly as it was. Files SQLite leaves
 * beside it (-wal, -shm) are counted and reported.
 */
export interface CorruptResult {
  file: string;
  command: string;
  exitCode: number;
  message: string;
  untouched: boolean;
  /** Leftover -wal/-shm/-journal files (reported; the database file itself must be untouched). */
  sideFiles: string[];
  stackTrace: boolean;
  passed: boolean;
}

const STACK = /\n\s+at .+[:(]/;

/** The kinds of file, each made fresh for every command. */
async function makeFile(kind: string, dir: string): Promise<void> {
  const path = join(dir, 'recordings.db');
  const random = seededRandom(kind.length * 7919);
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  switch (kind) {
    case 'random bytes':
      writeFileSync(path, randomBytes(64 * 1024), { mode: 0o600 });
      return;
    case 'a text file':
      writeFileSync(path, 'call notes\n'.repeat(2000), { mode: 0o600 });
      return;
    case 'a gzip file':
      writeFileSync(path, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), randomBytes(8192)]), { mode: 0o600 });
      return;
    case "another program's SQLite database": {
      const db = new Database(path);
      db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Ana'), ('Bo');");
      db.close();
      return;
    }
    case 'a recordings database cut in half':
    case 'a WAL-mode recordings database with a damaged b-tree page':
    case 'a recordings database with a damaged b-tree page': {
      const source = join(dir, 'source.db');
      const db = await openDb(source);
      seedRecordings(
        db,
        Array.from({ length: 400 }, (_, i) => ({
          id: String(9_000_000 + i),
          startTime: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 600_000).toISOString(),
          lines: [`Host: reservation number ${i} for a party of ${i % 12}`, 'Guest: catering and a refund please'],
        })),
      );
      db.pragma('wal_checkpoint(TRUNCATE)');
      // A backup or a copy made with the database closed is in rollback-journal mode, not WAL.
      if (kind === 'a recordings database with a damaged b-tree page') db.pragma('journal_mode = DELETE');
      db.close();
      const bytes = readFileSync(source);
      const pageSize = bytes.readUInt16BE(16) || 65536;
      if (kind === 'a recordings database cut in half') {
        writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / pageSize / 2) * pageSize), { mode: 0o600 });
      } else {
        // Page 2 onwards: overwrite the second page (a b-tree page of the schema's tables) with noise.
        const damaged = Buffer.from(bytes);
        randomBytes(pageSize).copy(damaged, pageSize);
        writeFileSync(path, damaged, { mode: 0o600 });
      }
      return;
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

export const CORRUPT_KINDS = [
  'random bytes',
  'a text file',
  'a gzip file',
  "another program's SQLite database",
  'a recordings database cut in half',
  'a recordings database with a damaged b-tree page',
  'a WAL-mode recordings database with a damaged b-tree page',
];

const COMMANDS: string[][] = [
  ['stats'],
  ['search', '--text', 'reservation'],
  ['get', '9000001'],
  ['export', '--format', 'ndjson'],
  ['status'],
  ['sync', '--json'],
  ['backup', 'BACKUP'],
  ['hold', '9000001'],
  ['prune', '--older-than', '1d', '--yes'],
  ['audit'],
  ['doctor'],
];

export async function runCorruptDatabases(lab: Lab): Promise<CorruptResult[]> {
  const sim = await lab.simulator({ seed: 81, calls: 100 });
  const results: CorruptResult[] = [];
  for (const kind of CORRUPT_KINDS) {
    for (const command of COMMANDS) {
      const dir = lab.dir();
      await makeFile(kind, dir);
      const path = join(dir, 'recordings.db');
      const before = createHash('sha256').update(readFileSync(path)).digest('hex');
      const copy = join(dir, 'pristine.db');
      copyFileSync(path, copy);
      const args = command.map((arg) => (arg === 'BACKUP' ? join(dir, 'backup.db') : arg));
      const result = await cli(['--db', path, ...args], simEnv(dir, sim));
      const after = createHash('sha256').update(readFileSync(path)).digest('hex');
      const sideFiles = ['-wal', '-shm', '-journal'].filter((suffix) => existsSync(`${path}${suffix}`));
      const lines = result.stderr.trim().split('\n');
      const message = lines.find((line) => line.startsWith('recordings: ')) ?? lines[0] ?? '';
      const stackTrace = STACK.test(result.stderr);
      // doctor reports every check; its database check must fail with exit 1 (docs/cli.md, "Operations").
      const clear = command[0] === 'doctor' ? /database/i.test(result.stdout + result.stderr) : /^recordings: .*(not a recordings database|damaged|malformed|another program)/.test(message);
      results.push({
        file: kind,
        command: command.join(' '),
        exitCode: result.exitCode,
        message: message.slice(0, 160),
        untouched: before === after,
        sideFiles,
        stackTrace,
        passed: result.exitCode === 1 && before === after && !stackTrace && clear,
      });
    }
  }
  return results;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import { type Env, expandHome } from '../../config/paths.js';
import { isPostgresUrl } from '../../util/database-url.js';
import { type CheckResult, fail, pass, warn } from './check.js';

interface PrivateGroup {
  id: string;
  title: string;
  /** Files that must be 0600 (those that do not exist are skipped). */
  files: string[];
  /** Folders that must be 0700. */
  folders: string[];
}

/**
 * Transcripts, tokens and secrets must be readable by their owner only (docs/design.md, "Data"):
 * files 0600, and the folders recordings creates 0700. SQLite gives -wal and -shm the database
 * file's mode, so a database made 0644 by hand (or restored by a tool that ignores modes) leaks
 * through all three.
 */
export function checkFileModes(config: Config, env: Env): CheckResult[] {
  const groups: PrivateGroup[] = [];
  // A PostgreSQL archive has no file here: its server keeps it private.
  if (!isPostgresUrl(config.database)) {
    groups.push({
      id: 'modes.database',
      title: 'database file modes',
      files: [config.database, `${config.database}-wal`, `${config.database}-shm`],
      folders: [dirname(config.database)],
    });
  }
  groups.push({ id: 'modes.tokens', title: 'token file modes', files: [config.tokenFile], folders: [dirname(config.tokenFile)] });
  const secretFiles = secretBearingFiles(config, env);
  if (secretFiles.length > 0) {
    groups.push({ id: 'modes.secrets', title: 'secret file modes', files: secretFiles, folders: [...new Set(secretFiles.map((file) => dirname(file)))] });
  }
  if (existsSync(config.sync.audioDir)) {
    groups.push({ id: 'modes.audio', title: 'audio archive mode', files: [], folders: [config.sync.audioDir] });
  }
  return groups.flatMap((group) => checkGroup(group));
}

function checkGroup(group: PrivateGroup): CheckResult[] {
  const files = group.files.filter((file) => existsSync(file));
  if (files.length === 0 && group.files.length > 0) return [];
  const folders = group.folders.filter((folder) => existsSync(folder));
  const openFiles = files.filter((file) => (statSync(file).mode & 0o077) !== 0);
  const openFolders = folders.filter((folder) => (statSync(folder).mode & 0o077) !== 0);
  if (openFiles.length === 0 && openFolders.length === 0) {
    return [pass(group.id, group.title, `${[...files, ...folders].join(', ')}: owner only`)];
  }
  const fixes = [openFiles.length > 0 ? `chmod 600 ${openFiles.join(' ')}` : null, openFolders.length > 0 ? `chmod 700 ${openFolders.join(' ')}` : null];
  const fix = fixes.filter((part) => part !== null).join(' && ');
  const folderProblems = openFolders.map((folder) => `folder ${folder} is ${modeOf(folder)}`);
  if (openFiles.length > 0) {
    const problems = [...openFiles.map((file) => `${file} is ${modeOf(file)}`), ...folderProblems];
    return [fail(group.id, group.title, `${problems.join('; ')}: others can read it (owner-only wanted: files 0600, folders 0700)`, fix)];
  }
  // The files are private, so an open folder shows only their names: worth a warning, not a failure
  // (a folder the user chose, say /srv/rec, is often 0755; the ones recordings creates are 0700). One others may write
  // to is different: they could delete or replace the database or the token file.
  const writable = openFolders.filter((folder) => othersMayReplaceFiles(statSync(folder).mode));
  if (writable.length > 0) {
    return [fail(group.id, group.title, `${writable.map((folder) => `folder ${folder} is ${modeOf(folder)}`).join('; ')}: others can delete or replace the files in it`, `chmod 700 ${writable.join(' ')}`)];
  }
  return [warn(group.id, group.title, `${folderProblems.join('; ')}: others can look into it (the files in it are owner-only)`, `${fix} if the file names should be private too`)];
}

/** Writable by others and without the sticky bit (as /tmp has) that stops them touching files they do not own. */
function othersMayReplaceFiles(mode: number): boolean {
  return (mode & 0o002) !== 0 && (mode & 0o1000) === 0;
}

function modeOf(path: string): string {
  return `0${(statSync(path).mode & 0o777).toString(8)}`;
}

/**
 * The config file when it holds a secret inline, and any JWT file: both must be private too. Read
 * raw, since the loaded config no longer says where a secret came from.
 */
function secretBearingFiles(config: Config, env: Env): string[] {
  const files: string[] = [];
  if (env.RC_USER_JWT_FILE) files.push(resolve(expandHome(env.RC_USER_JWT_FILE, env)));
  if (config.configFile) {
    const rc = rawRingCentralSection(config.configFile);
    if (rc.clientSecret || rc.jwt) files.push(config.configFile);
    if (typeof rc.jwtFile === 'string' && rc.jwtFile) files.push(resolve(dirname(config.configFile), expandHome(rc.jwtFile, env)));
  }
  return [...new Set(files)];
}

function rawRingCentralSection(path: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { ringcentral?: unknown };
    return typeof parsed.ringcentral === 'object' && parsed.ringcentral !== null ? (parsed.ringcentral as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

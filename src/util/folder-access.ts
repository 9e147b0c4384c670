import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Plain words for the file-system errors a user can do something about; the code itself for the rest. */
export function describeErrno(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EROFS':
      return 'read-only file system (EROFS)';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'disk quota exceeded (EDQUOT)';
    default:
      return code ?? 'unknown error';
  }
}

/** The closest path at or above `path` that exists: where any missing folders would be made. */
export function nearestExisting(path: string): string {
  let current = path;
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Why `folder` could not be used or created by this user, or null when it can: it exists and is a
 * writable folder, or its nearest existing ancestor is one (a check, nothing is created).
 */
export function folderProblem(folder: string): string | null {
  const existing = nearestExisting(folder);
  if (!statSync(existing).isDirectory()) return `${existing} is a file, not a folder`;
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return `the folder ${existing} is not writable by this user`;
    return `the folder ${existing} cannot be written: ${describeErrno(code)}`;
  }
}

import { redactPasswordIn } from '../../util/database-url.js';
import { ArchiveSetupError, DatabaseAuthError, DatabaseError, DatabasePermissionError, DatabaseUnavailableError } from '../errors.js';

/** Node's errors for a server that cannot be reached, or a connection that broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/** node-postgres's own messages for a connection that is gone or never came. */
const CONNECTION_LOST = /connection terminated|not queryable|connection (timeout|error)|timeout expired|terminating connection|server closed the connection/i;

/**
 * What a PostgreSQL failure means for the user, in the CLI's terms (docs/cli.md, "PostgreSQL"):
 * unreachable or gone is "try again later" (exit 75), refused credentials exit 3, a database that
 * does not exist exit 2, a permission this role lacks exit 1 with what to do. Anything else (an
 * error in our SQL) stays as it is. The password never reaches a message, whatever the server or
 * the driver put in it.
 */
export function describePostgresFailure(failure: unknown, location: string, url: string): Error {
  if (!(failure instanceof Error)) return new Error(String(failure));
  // drizzle wraps the driver's error in "Failed query: <sql> params: <values>": the values may be
  // stored text, and the server's own error (with its code) is what says what went wrong.
  const error = /^Failed query:/.test(failure.message) && failure.cause instanceof Error ? failure.cause : failure;
  if (error instanceof DatabaseError || error instanceof DatabaseUnavailableError || error instanceof DatabaseAuthError || error instanceof ArchiveSetupError) {
    return error;
  }
  const raw = (error as unknown as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  const reason = redactPasswordIn(error.message, url).replace(/\s*\n\s*/g, ' ');
  if (NETWORK_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300', '53400'].includes(code) || (!code && CONNECTION_LOST.test(reason))) {
    return new DatabaseUnavailableError(
      `the PostgreSQL server at ${location} is not available: ${reason}`,
      'try again later; recordings doctor checks the connection',
    );
  }
  if (code === '28P01' || code === '28000' || /SASL|password must be a string|no password/i.test(reason)) {
    return new DatabaseAuthError(
      `PostgreSQL refused the login to ${location}: ${reason}`,
      'check the user and password in the URL, PGPASSWORD or the password file (PGPASSFILE, ~/.pgpass)',
    );
  }
  if (code === '3D000') {
    return new ArchiveSetupError(`${reason} (at ${location})`, 'create it first (createdb, or CREATE DATABASE as an administrator), then run: recordings sync');
  }
  if (code === '42501') {
    return new DatabasePermissionError(
      `PostgreSQL refused: ${reason} (at ${location})`,
      "this role may only read the archive (and append to its audit log); run this command as the role that syncs and owns the schema (README.md, \"When one file is not enough\")",
    );
  }
  if (/SSL|certificate/i.test(reason)) {
    return new ArchiveSetupError(`cannot connect to ${location}: ${reason}`, 'check sslmode in the URL or PGSSLMODE');
  }
  if (reason !== error.message) {
    const redacted = new Error(reason);
    Object.assign(redacted, { code });
    return redacted;
  }
  return error;
}

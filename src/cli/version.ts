import { readFileSync } from 'node:fs';

/** Read from package.json beside dist/ and src/ (both one level below the package root). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

import { Hono } from 'hono';
import type { ArchiveReader } from '../query/reader.js';
import { apiRoutes } from './api/routes.js';
import { exportRoute } from './api/export.js';
import { streamRoute } from './api/stream.js';
import { type AudioSettings, AudioFiles } from './audio-files.js';
import type { ServeApp, ServeEnv } from './context.js';
import { apiErrorOf, jsonError, statusOf } from './errors.js';
import type { SecuritySettings } from './options.js';
import { createPageData } from './page-data.js';
import { renderProblemPage } from './page/message-page.js';
import { pageRoutes } from './page/routes.js';
import { authentication, signInRoutes } from './security/auth.js';
import { securityHeaders } from './security/headers.js';
import { requestOriginCheck } from './security/request-origin.js';
import { ASSETS_DIR, AssetCatalogue, assetRoutes } from './static-assets.js';

export interface AppDeps {
  reader: ArchiveReader;
  security: SecuritySettings;
  /** The region a national `phone_number` is read in (config `phone.defaultRegion`). */
  defaultRegion: string;
  /** How to fetch audio that is neither archived nor cached; without it the stream route answers 503. */
  audio?: AudioSettings | undefined;
  now?: () => Date;
  /** The page's assets; the built-in ones by default. */
  assets?: AssetCatalogue;
  /** Where unexpected failures are reported: the server's stderr. Never a response. */
  log?: (line: string) => void;
}

/**
 * The application of `recordings serve` (docs/cli.md, "`recordings serve`") as
 * (docs/design.md, "`serve`") shapes it: the security checks first, then the API under /api/v1, the
 * assets under /assets/, and the page. Routes read through the ArchiveReader and answer what the commands print; nothing here
 * changes the archive's data (only the audit log and the audio cache are written).
 */
export function createApp(deps: AppDeps): ServeApp {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line: string) => process.stderr.write(`recordings: serve: ${line}\n`));
  const app = new Hono<ServeEnv>();

  app.use(securityHeaders());
  app.use(requestOriginCheck(deps.security.hosts, deps.security.tokens !== null));
  app.use(authentication(deps.security.tokens));

  const data = createPageData(deps.reader, { now, defaultRegion: deps.defaultRegion });
  signInRoutes(app, deps.security.tokens);
  apiRoutes(app, data);
  exportRoute(app, { reader: deps.reader, now, defaultRegion: deps.defaultRegion, log });
  streamRoute(app, { data, reader: deps.reader, audio: deps.audio ? new AudioFiles(deps.reader, deps.audio, now) : null, now });
  assetRoutes(app, deps.assets ?? new AssetCatalogue(ASSETS_DIR));
  pageRoutes(app, data);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return jsonError(c, { code: 'not_found', message: 'no such path in the API', hint: 'the API is under /api/v1 (docs: recordings serve --help)' });
    return c.html(renderProblemPage({ code: 'not_found', message: 'there is no page at this address', hint: 'the link may be wrong, or what it led to may have been pruned' }).value, 404);
  });

  app.onError((error, c) => {
    const problem = apiErrorOf(error);
    if (problem.code === 'internal') log(`${c.req.method} ${c.req.path}: ${(error as Error).message ?? String(error)}`);
    if (c.req.path.startsWith('/api/')) return jsonError(c, problem);
    return c.html(renderProblemPage(problem).value, statusOf(problem.code));
  });
  return app;
}

import { INSIGHT_TYPES, type InsightType, type RecordingInsightsWire } from '../generator/wire-types.js';
import type { SimulatorCore } from './core.js';
import { INSIGHTS_NOT_FOUND, INSIGHTS_PERMISSION_MISSING, invalidParameter, ringSenseScopeMissing } from './error-bodies.js';
import type { Exchange } from './exchange.js';
import { makeInsightsHostile } from '../hostile.js';

const DOMAINS = ['pbx', 'rcv', 'rcx', 'nice-incontact', 'ms-teams'];

/**
 * GET /ai/ringsense/v1/public/accounts/~/domains/{domain}/records/{id}/insights
 * (docs/ringcentral.md, "RingSense insights"). The app's scope is checked first (403 CMN-401), then
 * the user's permission (403 RAH-3005). A recording whose owner has no licence answers 404 RAH-3001
 * like one not processed yet (Account.insightsFor).
 */
export function handleRecordingInsights(core: SimulatorCore, ex: Exchange, domain: string, recordingId: string): void {
  if (!core.ringSense.scope) {
    ex.json(403, ringSenseScopeMissing());
    return;
  }
  if (!core.ringSense.userPermission) {
    ex.json(403, INSIGHTS_PERMISSION_MISSING());
    return;
  }
  if (!DOMAINS.includes(domain)) {
    ex.json(400, invalidParameter('domain', domain));
    return;
  }
  // `insightTypes` is one comma-joined value (style form, explode false); repeated keys are accepted too.
  const requested = ex.all('insightTypes').flatMap((value) => value.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const type of requested) {
    if (!(INSIGHT_TYPES as readonly string[]).includes(type)) {
      ex.json(400, invalidParameter('insightTypes', type));
      return;
    }
  }
  const body = domain === 'pbx' ? core.account.insightsFor(recordingId, core.now()) : null;
  if (!body) {
    ex.json(404, INSIGHTS_NOT_FOUND());
    return;
  }
  const answer = requested.length > 0 ? onlyTypes(body, requested as InsightType[]) : body;
  const hostile = core.faults.takeHostileInsights();
  if (hostile) ex.hostileBody = true;
  ex.json(200, hostile ? makeInsightsHostile(answer, hostile) : answer);
}

function onlyTypes(body: RecordingInsightsWire, types: InsightType[]): RecordingInsightsWire {
  const insights: RecordingInsightsWire['insights'] = {};
  for (const type of types) {
    const value = body.insights[type];
    if (value) (insights as Record<string, unknown>)[type] = value;
  }
  return { ...body, insights };
}

/**
 * What RingSense's refusals mean and what fixes each (docs/ringcentral.md, "As it really behaves";
 * docs/ringcentral.md, "RingSense insights"). Keyed on `errorCode`, never on the message. Imports
 * nothing, so `doctor` and sync share the wording without loading the SDK.
 */

/** Why RingSense answered 403. */
export type RingSenseRefusal = 'user-permission' | 'app-scope' | 'other';

/** The user permission RingSense needs, as `authz-profile/check` names it. */
export const RINGSENSE_USER_PERMISSION = 'ReadRingSenseInsights';

/** The app permission (scope) RingSense needs. */
export const RINGSENSE_SCOPE = 'RingSense';

export function refusalOf(errorCode: string | null): RingSenseRefusal {
  if (errorCode === 'RAH-3005') return 'user-permission';
  if (errorCode === 'CMN-401') return 'app-scope';
  return 'other';
}

export interface Advice {
  /** What is wrong, in one line. */
  problem: string;
  /** How to fix it, in one line. */
  fix: string;
}

export const USER_PERMISSION_ADVICE: Advice = {
  problem: "the JWT's user lacks the user permission 'AI Conversation Expert – Access Insights' (ReadRingSenseInsights)",
  fix: "in the RingCentral Admin Portal give that user a role with 'AI Conversation Expert – Access Insights', then run recordings sync --retry",
};

export const APP_SCOPE_ADVICE: Advice = {
  problem: "the app lacks the 'RingSense' app permission (scope)",
  fix: "add the 'RingSense' app permission to the app in the RingCentral Developer Console, then run recordings sync --retry",
};

/** Why RingSense refused, with the fix: each 403 has its own. */
export function refusalAdvice(cause: RingSenseRefusal, reason: string): Advice {
  if (cause === 'user-permission') return USER_PERMISSION_ADVICE;
  if (cause === 'app-scope') return APP_SCOPE_ADVICE;
  return {
    problem: `RingSense refused insights: ${reason}`,
    fix: "check the app's 'RingSense' permission and the user's 'AI Conversation Expert – Access Insights' (recordings doctor), then run recordings sync --retry",
  };
}

export const ROUTE_MISSING_ADVICE: Advice = {
  problem: 'the RingSense endpoint was not found (HTTP 404 AGW-404): RingCentral may have moved its beta AI Conversation Expert API',
  fix: 'update recordings; until then set "sync": {"transcripts": false} to sync without transcripts',
};

/**
 * An owner none of whose last `count` recordings had insights: most likely without an AI
 * Conversation Expert licence, since RingSense answers "not found" for those as for calls not
 * processed yet.
 */
export function ownerWithoutInsightsAdvice(owner: string, count: number): Advice {
  return {
    problem: `${owner}: no insights for its last ${count} recordings: is an AI Conversation Expert licence assigned?`,
    fix: `assign ${owner} an AI Conversation Expert licence in the RingCentral Admin Portal: calls recorded after that get insights (until then sync asks about each new recording once, 30 minutes after the call)`,
  };
}

import type { SimulatorOptions } from './options.js';

/**
 * Named ways RingSense can behave, for `recordings simulator --ringsense`
 * (docs/ringcentral.md, "As it really behaves"). `realistic` is how a live account tends to look:
 * some users without an AI Conversation Expert licence, and part of the insights arriving as AI
 * Notes before the full analysis.
 */
export const RINGSENSE_BEHAVIOURS = {
  realistic: { unlicensedShare: 0.2, twoStageShare: 0.3 },
  ideal: {},
  'no-permission': { ringSenseUserPermission: false },
  'no-scope': { ringSenseScope: false },
  moved: { ringSenseRouteMoved: true },
} as const satisfies Record<string, SimulatorOptions>;

export type RingSenseBehaviourName = keyof typeof RINGSENSE_BEHAVIOURS;
export const RINGSENSE_BEHAVIOUR_NAMES = Object.keys(RINGSENSE_BEHAVIOURS) as RingSenseBehaviourName[];

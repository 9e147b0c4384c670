import type { Env } from '../../config/paths.js';
import { UsageError } from '../errors.js';
import { choosePlayer } from '../stream/player.js';
import { type CheckResult, pass, warn } from './check.js';

const ID = 'player';
const TITLE = 'audio player';

/**
 * Whether `stream` will find a player, decided by the very function `stream` uses: the configured
 * one (RECORDINGS_PLAYER, config `player`) or a known one on PATH. Only a warning: servers have
 * none, and `stream --output` works without.
 */
export function checkPlayer(configured: string | null, env: Env): CheckResult {
  try {
    const player = choosePlayer({ option: undefined, configured, env });
    return pass(ID, TITLE, `${player.program}${player.args.length > 0 ? ` ${player.args.join(' ')}` : ''} (${player.source})`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return warn(ID, TITLE, error.message, 'install mpv or set RECORDINGS_PLAYER; without a player: recordings stream <id> --output call.wav');
  }
}

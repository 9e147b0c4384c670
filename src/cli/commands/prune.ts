import { notBuilt } from './not-built.js';

export const pruneCommand = notBuilt('prune');

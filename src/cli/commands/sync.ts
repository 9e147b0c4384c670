import { notBuilt } from './not-built.js';

export const syncCommand = notBuilt('sync');

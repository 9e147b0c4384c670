import { notBuilt } from './not-built.js';

export const statsCommand = notBuilt('stats');

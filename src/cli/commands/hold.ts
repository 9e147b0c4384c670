import { notBuilt } from './not-built.js';

export const holdCommand = notBuilt('hold');

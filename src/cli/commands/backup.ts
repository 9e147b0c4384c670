import { notBuilt } from './not-built.js';

export const backupCommand = notBuilt('backup');

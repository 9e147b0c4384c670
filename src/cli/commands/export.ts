import { notBuilt } from './not-built.js';

export const exportCommand = notBuilt('export');

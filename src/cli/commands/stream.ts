import { notBuilt } from './not-built.js';

export const streamCommand = notBuilt('stream');

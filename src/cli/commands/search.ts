import { notBuilt } from './not-built.js';

export const searchCommand = notBuilt('search');

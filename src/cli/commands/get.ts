import { notBuilt } from './not-built.js';

export const getCommand = notBuilt('get');

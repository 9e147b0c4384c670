import { notBuilt } from './not-built.js';

export const demoCommand = notBuilt('demo');

import { notBuilt } from './not-built.js';

export const simulatorCommand = notBuilt('simulator');

import { notBuilt } from './not-built.js';

export const doctorCommand = notBuilt('doctor');

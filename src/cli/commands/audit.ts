import { notBuilt } from './not-built.js';

export const auditCommand = notBuilt('audit');

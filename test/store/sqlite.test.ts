import { join } from 'node:path';
import { useTempDirs } from '../helpers/temp-dir.js';
import { describeStoreContract } from './contract.js';

const tempDir = useTempDirs();

describeStoreContract({ backend: 'sqlite', newTarget: async () => join(tempDir(), 'archive', 'recordings.db') });

import { freshPostgresDatabase } from '../helpers/postgres.js';
import { describeStoreContract } from './contract.js';

describeStoreContract({ backend: 'postgres', newTarget: freshPostgresDatabase });

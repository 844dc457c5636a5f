/** The Store contract suite on SQLite: a temporary file per test; a second handle is a second connection. */
import { storeContract } from './test-support/store-contract.js';
import { sqliteHarness } from './test-support/sqlite-harness.js';

storeContract('sqlite', () => sqliteHarness());

import { describeEventStoreContract } from './eventStoreContract.ts';
import { sqliteFixture } from './storeFixtures.ts';

describeEventStoreContract(sqliteFixture());

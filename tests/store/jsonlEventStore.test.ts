import { describeEventStoreContract } from './eventStoreContract.ts';
import { jsonlFixture } from './storeFixtures.ts';

describeEventStoreContract(jsonlFixture());

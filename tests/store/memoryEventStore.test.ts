import { describeEventStoreContract } from './eventStoreContract.ts';
import { memoryFixture } from './storeFixtures.ts';

describeEventStoreContract(memoryFixture());

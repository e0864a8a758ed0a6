import { describeEventStoreContract } from './eventStoreContract.ts';
import { postgresFixture } from './storeFixtures.ts';

describeEventStoreContract(postgresFixture());

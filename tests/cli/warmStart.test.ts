// Which worker threads the command line starts before it has loaded (src/cli/warmStart.ts): a guess from the
// arguments, up to one per other core; what the command prints never depends on it (tests/cli/jobs.test.ts).
import { describe, expect, it } from 'vitest';
import { inProcessBelow } from '../../src/parallel/jobs.ts';
import { workersToWarm } from '../../src/cli/warmStart.ts';

const big = () => inProcessBelow.bytes;
const small = () => inProcessBelow.bytes - 1;
const warm = (argv: string[], cores = 2, size = small) => {
  const got = workersToWarm(argv, cores, size);
  return got === null
    ? null
    : {
        worker: got.file.pathname
          .split('/')
          .at(-1)!
          .replace(/\.(ts|js)$/, ''),
        n: got.count,
      };
};

describe('workersToWarm', () => {
  it('starts the worker of verify or replay for --jobs N, up to one per other core', () => {
    expect(warm(['verify', 'a.db', '--jobs', '2'])).toEqual({ worker: 'verifyWorker', n: 1 });
    expect(warm(['replay', 'a.jsonl', '--jobs=2'])).toEqual({ worker: 'replayWorker', n: 1 });
    expect(warm(['verify', '--jobs', '8', 'a.db'], 4)).toEqual({ worker: 'verifyWorker', n: 3 });
    expect(warm(['replay', 'a.db', '--jobs', '3'], 8)).toEqual({ worker: 'replayWorker', n: 2 });
    expect(warm(['verify', 'a.db', '--json', '--jobs', '2'])).toEqual({ worker: 'verifyWorker', n: 1 });
  });

  it('starts none for one thread, one stream, help, another command, or a --jobs that is no number', () => {
    for (const argv of [
      ['verify', 'a.db', '--jobs', '1'],
      ['verify', 'a.db', '--jobs', '4'],
      ['verify', 'a.db', '--jobs', '2', '--stream', 's'],
      ['replay', 'a.db', '--stream=s', '--jobs', '2'],
      ['replay', 'a.db', '--jobs', '2', '--help'],
      ['verify', '-h', '--jobs', '2'],
      ['state', 'a.db', 's', '--jobs', '2'],
      ['verify', 'a.db', '--jobs', 'abc'],
      ['verify', 'a.db', '--jobs', '-1'],
      ['verify', 'a.db', '--jobs'],
      ['verify', 'a.db', '--jobs='],
      [],
    ])
      expect({ argv, warm: warm(argv, argv.includes('4') ? 1 : 2, big) }).toEqual({ argv, warm: null });
  });

  it('left to the default, starts one per other core for a log of the size the default spreads, none below it', () => {
    expect(warm(['verify', 'a.db'], 2, () => 64 << 20)).toEqual({ worker: 'verifyWorker', n: 1 });
    expect(warm(['replay', 'a.db'], 2, big)).toEqual({ worker: 'replayWorker', n: 1 });
    expect(warm(['replay', 'a.jsonl', '--json'], 4, big)).toEqual({ worker: 'replayWorker', n: 3 });
    expect(warm(['verify', 'a.db'], 2, small)).toBeNull();
    expect(warm(['verify', 'a.db'], 1, big)).toBeNull();
    expect(warm(['verify', '--json', 'a.db'], 2, big)).toBeNull();
    expect(warm(['verify'], 2, big)).toBeNull();
  });

  it('left to the default, starts none for verify of a store file under 64 MiB (a SQLite verify spreads from 100,000 events)', () => {
    expect(warm(['verify', 'a.db'], 2, big)).toBeNull();
    expect(warm(['verify', 'a.db'], 2, () => (64 << 20) - 1)).toBeNull();
  });

  it('left to the default, starts none for verify of a JSONL log of any size, which the default keeps in one thread', () => {
    expect(warm(['verify', 'a.jsonl'], 2, big)).toBeNull();
    expect(warm(['verify', 'A.JSONL', '--json'], 4, () => 1 << 30)).toBeNull();
    expect(warm(['replay', 'a.jsonl'], 2, big)).toEqual({ worker: 'replayWorker', n: 1 });
    expect(warm(['verify', 'a.jsonl', '--jobs', '2'], 2, big)).toEqual({ worker: 'verifyWorker', n: 1 });
  });
});

// One replay method over one log file, in a process of its own so that its peak memory and JIT are its own.
// Prints one JSON line: { method, events, seconds, eventsPerSecond, maxRssMb, state }.
import { createReadStream } from 'node:fs';
import { createActor, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { createWorkflowRegistry, type RecordedEvent } from '../src/index.ts';
import { emptyPosition, foldEvent, type FoldPosition } from '../src/engine/streamFold.ts';
// programme@2: the synthetic workloads here record facts without the role grants programme@3 asks for.
import { programmeV2 as programme } from '../machines/index.ts';

const [method, file] = process.argv.slice(2) as [string, string];

async function* lines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest) yield rest;
}

const registry = createWorkflowRegistry([programme]);
let count = 0;
let label = '';
// CPU time (user + system) of this process: on a shared machine steadier than wall time, which counts the time other
// processes held the cores.
const started = process.cpuUsage();
if (method === 'parse') {
  for await (const line of lines(file)) {
    JSON.parse(line);
    count++;
  }
} else if (method === 'engine') {
  let position: FoldPosition = emptyPosition(programme);
  for await (const line of lines(file)) {
    position = foldEvent(registry, position, JSON.parse(line) as RecordedEvent);
    count++;
  }
  label = JSON.stringify(position.snapshot.value);
} else if (method === 'actor') {
  const actor = createActor(programme.machine).start();
  for await (const line of lines(file)) {
    actor.send(JSON.parse(line));
    count++;
  }
  label = JSON.stringify(actor.getSnapshot().value);
} else if (method === 'transition') {
  let [snapshot] = initialTransition(programme.machine) as [AnyMachineSnapshot, unknown];
  for await (const line of lines(file)) {
    [snapshot] = transition(programme.machine, snapshot, JSON.parse(line)) as [AnyMachineSnapshot, unknown];
    count++;
  }
  label = JSON.stringify(snapshot.value);
} else {
  throw new Error(`unknown method ${method}`);
}
const used = process.cpuUsage(started);
const seconds = (used.user + used.system) / 1e6;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ method, events: count, seconds, eventsPerSecond: count / seconds, maxRssMb, state: label })}\n`,
);

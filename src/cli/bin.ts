#!/usr/bin/env node
// The workers of a `verify` or `replay --jobs N` start first, loading their modules while this thread loads the rest.
(await import('./warmStart.ts')).warmStart(process.argv.slice(2));
// The command line opens every kind of store and draws every export, so it needs the optional peer dependencies
// (better-sqlite3, pg, ws, @statelyai/inspect, xmlbuilder2, @viz-js/viz; README "0.2: subpath entries"). A missing
// one loaded at start-up is named here, exit 1 (usage / IO), instead of Node's stack trace; the ones a command loads
// when it first needs them are named by that command (withDriver), exit 1 as well.
const loaded = await Promise.all([
  import('./io.ts'),
  import('./main.ts'),
  import('./processOutput.ts'),
  import('./warnings.ts'),
]).catch((error: unknown) => {
  const missing = /Cannot find package '([^']+)'/.exec(String((error as Error | undefined)?.message));
  if ((error as { code?: unknown } | undefined)?.code !== 'ERR_MODULE_NOT_FOUND' || missing === null) throw error;
  process.stderr.write(
    `phasegate: the command line needs the package ${missing[1]}, an optional peer dependency of phasegate. ` +
      `Install it beside phasegate (npm install ${missing[1]}), or install them all: ` +
      `npm install better-sqlite3 pg ws @statelyai/inspect xmlbuilder2 @viz-js/viz\n`,
  );
  process.exit(1);
});
const [{ processIo }, { main }, { settleOutput }, { plainWarnings }] = loaded;
// A warning is one plain `phasegate: ...` line (README, "Command line").
plainWarnings(process.stderr);
const io = processIo();
const argv = process.argv.slice(2);
// stderr may fail too (a closed terminal): nothing is left to tell, and no stack trace is printed for it.
process.stderr.on('error', () => {});
// A failure to print is one line, and the exit code still tells what happened to the store (README, "Command line").
process.exitCode = await settleOutput(io.stdout, process.stderr, argv[0], await main(argv, io));

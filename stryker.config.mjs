// Mutation testing with Stryker (`npm run mutate`; see docs/mutation.md). Not part of `npm test` or CI: on the
// project's 2-core machine one file takes minutes to an hour. These are the options every target shares;
// scripts/mutate.mjs runs one target at a time, each against the tests that cover it (`mutationTargets` below).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  // Each mutant runs only the tests that reached it in the dry run.
  coverageAnalysis: 'perTest',
  // The machine is shared: one test runner process.
  concurrency: 1,
  // A mutant that makes a test loop is a kill (timeouts count as killed); leave room for a busy machine.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  thresholds: { high: 85, low: 80 },
  reporters: ['clear-text', 'progress', 'json', 'html'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', 'reports', 'test-artifacts', 'coverage', '*.db', '.tmp'],
};

const programmeTests = [
  'tests/machines/programme.gateGuards.test.ts',
  'tests/machines/programme.gateReasons.test.ts',
  'tests/machines/programme.factGuards.test.ts',
  'tests/machines/programme.states.test.ts',
  'tests/machines/versions.test.ts',
  'tests/machines/roles.test.ts',
  'tests/machines/roleGrants.test.ts',
  'tests/machines/roleClaims.test.ts',
  'tests/machines/domainRefusals.test.ts',
  'tests/engine/createEngine.test.ts',
  'tests/engine/refusals.test.ts',
  'tests/golden/golden.test.ts',
];
const foldTests = [
  'tests/workflow/compiledFoldFeatures.test.ts',
  'tests/workflow/compiledFold.property.test.ts',
  'tests/engine/createEngine.test.ts',
  'tests/engine/explainRefusal.test.ts',
  'tests/workflow/contextCodec.test.ts',
];
/** Tests that step compiled machines inside a test: the feature machine both ways, the programme through the engine. */
const compiledStepTests = [
  'tests/workflow/compiledFoldFeatures.test.ts',
  'tests/workflow/compiledFoldLimits.test.ts',
  'tests/workflow/replay.property.test.ts',
  'tests/engine/createEngine.test.ts',
];

/**
 * The files under mutation and the test files that cover each. Only tests that run the code inside a test: a test that
 * runs the built CLI as a child process never sees a mutant, and code run while a file is collected or in `beforeAll`
 * (programme.paths, authorizationMatrix, timeTravel, the dossier) makes every mutant it reaches "static", which
 * Stryker then runs against every test of the target. `floor` is the score (killed + timeout over all valid mutants, in %) the file is
 * held to.
 */
export const mutationTargets = [
  { file: 'machines/gateRules.ts', floor: 85, tests: programmeTests },
  { file: 'machines/rules.ts', floor: 85, tests: programmeTests },
  {
    file: 'src/workflow/decide.ts',
    floor: 85,
    tests: [
      'tests/engine/createEngine.test.ts',
      'tests/engine/refusals.test.ts',
      'tests/engine/explainRefusal.test.ts',
      'tests/workflow/next.test.ts',
      'tests/machines/programme.gateGuards.test.ts',
      'tests/machines/programme.factGuards.test.ts',
      'tests/machines/versions.test.ts',
    ],
  },
  ...['src/audit/chainVerifier.ts', 'src/audit/damageAttribution.ts'].map((file) => ({
    file,
    floor: 85,
    tests: [
      'tests/audit/verify.test.ts',
      'tests/audit/verifyStreams.test.ts',
      'tests/audit/damagedLines.test.ts',
      'tests/audit/verifyEvents.test.ts',
      'tests/audit/signatures.test.ts',
      'tests/cli/audit.test.ts',
      'tests/cli/missingStream.test.ts',
    ],
  })),
  // The envelope contract (README "Event envelope"), by which every reader and every append judges a stored event;
  // held to 80%. Its rule tables are built when the module loads, so their mutants run every test listed here.
  {
    file: 'src/envelope/contract.ts',
    floor: 80,
    tests: ['tests/audit/envelopeContract.test.ts', 'tests/store/memoryEventStore.test.ts'],
  },
  // The fast paths that judge envelopes before the whole contract (issue 14): each must refuse what the contract
  // refuses, held to 80% like the contract itself.
  {
    file: 'src/envelope/quickEnvelope.ts',
    floor: 80,
    tests: [
      'tests/store/quickEnvelope.test.ts',
      'tests/store/postgresRowEvent.test.ts',
      'tests/store/sqliteEventStore.test.ts',
    ],
  },
  {
    file: 'src/envelope/plainFormats.ts',
    floor: 80,
    tests: [
      'tests/envelope/plainFormats.test.ts',
      'tests/audit/envelopeContract.test.ts',
      'tests/audit/verify.test.ts',
    ],
  },
  // Not machines/contextCopy.ts (evolve's copy of the context as one literal): measured 2026-12-05 at 49.3%, its 36
  // survivors all only send more contexts to the `{ ...context }` it stands in for, which no behaviour tells apart;
  // every mutant that makes the copy differ from a spread is killed by tests/machines/contextCopy.test.ts.
  // Issues 6-11: role grants (issue 9) and the compiled fold (issue 14), held to 80%.
  { file: 'machines/roles.ts', floor: 80, tests: programmeTests },
  { file: 'machines/rolePolicy.ts', floor: 80, tests: programmeTests },
  { file: 'src/workflow/fold/foldPlan.ts', floor: 80, tests: foldTests },
  // The compiled fold's other files, each against the tests that step a compiled machine inside a test. Not
  // compiledFold.property.test.ts: it builds its model graphs while it is collected, which makes their mutants static.
  ...['compiledMachine', 'configurations', 'microstep'].map((name) => ({
    file: `src/workflow/fold/${name}.ts`,
    floor: 80,
    tests: compiledStepTests,
  })),
  // Its guards also explain refusals (decide.ts's opaque()).
  {
    file: 'src/workflow/fold/compileParts.ts',
    floor: 80,
    tests: [...compiledStepTests, 'tests/engine/explainRefusal.test.ts'],
  },
  {
    file: 'src/workflow/fold/mergeContext.ts',
    floor: 80,
    tests: ['tests/workflow/mergeContext.property.test.ts', 'tests/workflow/compiledFoldFeatures.test.ts'],
  },
  {
    file: 'src/store/appendPlan.ts',
    floor: 85,
    tests: [
      'tests/store/memoryEventStore.test.ts',
      'tests/store/sqliteEventStore.test.ts',
      'tests/store/jsonlEventStore.test.ts',
      'tests/store/scheduledAppends.test.ts',
      'tests/engine/createEngine.test.ts',
      'tests/engine/refusals.test.ts',
    ],
  },
];

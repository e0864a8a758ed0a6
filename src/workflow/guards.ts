/**
 * Guards that explain themselves. A rule returns nothing when it holds and, when it does not, the reason in plain
 * words; the machine gets a boolean guard made from it, and a refusal quotes the reason. A selector only picks
 * which of several transitions applies (e.g. the kind of gate decision) and has no reason of its own.
 */
export type GuardArgs<TContext, TEvent> = { readonly context: TContext; readonly event: TEvent };

/** A rule: `undefined`/`null` when it holds, otherwise the reason(s) it does not. */
export type GuardRule<TContext, TEvent> = (
  args: GuardArgs<TContext, TEvent>,
  params: never,
) => string | readonly string[] | null | undefined;

/** A selector: true when its transition applies to the event at all. */
export type GuardSelector<TContext, TEvent> = (args: GuardArgs<TContext, TEvent>, params: never) => boolean;

/** The rules and selectors of a workflow, by guard name (each with its own context, event and params types). */
export type GuardSpec = {
  /* eslint-disable @typescript-eslint/no-explicit-any -- each rule has its own context, event and params types */
  readonly rules: Readonly<Record<string, (args: GuardArgs<any, any>, params: any) => Verdict>>;
  readonly selectors: Readonly<Record<string, (args: GuardArgs<any, any>, params: any) => boolean>>;
  /* eslint-enable @typescript-eslint/no-explicit-any */
};

/** What a rule returns: nothing when it holds, else the reason(s) it does not. */
export type Verdict = string | readonly string[] | null | undefined;

type BooleanGuards<TRules, TSelectors> = {
  [K in keyof TRules | keyof TSelectors]: K extends keyof TRules
    ? TRules[K] extends (args: infer A, params: infer P) => unknown
      ? (args: A, params: P) => boolean
      : never
    : K extends keyof TSelectors
      ? TSelectors[K]
      : never;
};

/**
 * Returns the boolean guards to pass to `setup({ guards })` and the spec that explains them.
 * Pure: the guards call the rules and nothing else.
 * @example
 * const { guards, spec } = explainedGuards({
 *   rules: { known: ({ context, event }) => (context.orgs[event.data.orgId] ? null : `${event.data.orgId} is not registered`) },
 *   selectors: { decisionIs: ({ event }, params: { decision: string }) => event.data.decision === params.decision },
 * });
 */
export function explainedGuards<
  /* eslint-disable @typescript-eslint/no-explicit-any -- the rules' own argument types are inferred from them */
  TRules extends Record<string, (args: any, params: any) => string | readonly string[] | null | undefined>,
  TSelectors extends Record<string, (args: any, params: any) => boolean>,
  /* eslint-enable @typescript-eslint/no-explicit-any */
>(definition: {
  readonly rules: TRules;
  readonly selectors?: TSelectors;
}): { readonly guards: BooleanGuards<TRules, TSelectors>; readonly spec: GuardSpec } {
  const guards: Record<string, (args: unknown, params: unknown) => boolean> = {};
  for (const [name, rule] of Object.entries(definition.rules)) {
    const guard = (args: unknown, params: unknown) => holds(rule(args, params));
    rulesOfGuards.set(guard, rule);
    guards[name] = guard;
  }
  for (const [name, selector] of Object.entries(definition.selectors ?? {})) guards[name] = selector;
  return {
    guards: guards as BooleanGuards<TRules, TSelectors>,
    spec: { rules: definition.rules, selectors: definition.selectors ?? {} },
  };
}

/** The rule behind each boolean guard {@link explainedGuards} made. */
const rulesOfGuards = new WeakMap<object, (args: never, params: never) => Verdict>();

/**
 * Returns the rule a boolean guard from {@link explainedGuards} calls (the guard is `holds(rule(args, params))`), or
 * undefined for any other function. The compiled fold calls the rule itself: one call less per guard per event.
 */
export function explainedRuleOf(guard: unknown): ((args: unknown, params: unknown) => Verdict) | undefined {
  return typeof guard === 'function'
    ? (rulesOfGuards.get(guard) as ((args: unknown, params: unknown) => Verdict) | undefined)
    : undefined;
}

/** True when a rule's verdict means "holds". */
export function holds(verdict: string | readonly string[] | null | undefined): boolean {
  return verdict == null || (Array.isArray(verdict) && verdict.length === 0);
}

/** The reasons in a rule's verdict, as a list. */
export function reasonsOf(verdict: string | readonly string[] | null | undefined): readonly string[] {
  if (verdict == null) return [];
  return typeof verdict === 'string' ? [verdict] : verdict;
}

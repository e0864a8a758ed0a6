import { InvalidInputError } from '../errors.ts';
import { readStreamModel, type ReadModelQuery } from '../projections/queries.ts';
import type { IatiActivity, IatiProblem } from './activity.ts';
import { iatiRuleProblems } from './rules.ts';
import { renderIatiActivities } from './xml.ts';

/** A problem of one stream's activity. */
export type IatiStreamProblem = IatiProblem & { readonly stream: string };

/** Why an IATI export was not written: every element the log cannot supply and every rule broken, per stream. */
export class IatiExportError extends InvalidInputError {
  readonly problems: readonly IatiStreamProblem[];
  constructor(problems: readonly IatiStreamProblem[]) {
    super(
      `The IATI 2.03 export was not written; the log cannot supply or breaks:\n` +
        problems.map((p) => `  ${p.stream}: ${p.element}: ${p.problem}; record: ${p.record}`).join('\n'),
    );
    this.problems = problems;
  }
}

/**
 * Returns one `iati-activities` file (IATI 2.03) with one activity per stream, each from the read model's view of
 * the stream (its tables plus newer events, or a fold of the stream) as of `generatedAt`. Throws
 * {@link IatiExportError} (exit 2) naming each element the log cannot supply and each rule broken: nothing is
 * invented, and nothing partial is returned.
 */
export async function exportIati(
  query: ReadModelQuery,
  streams: readonly string[],
  generatedAt: string,
): Promise<string> {
  const hook = query.model.iati?.bind(query.model);
  if (hook === undefined) throw new InvalidInputError(`The read model ${query.model.name} has no IATI export`);
  const activities: IatiActivity[] = [];
  const problems: IatiStreamProblem[] = [];
  for (const stream of streams) {
    const row = await readStreamModel(query, stream);
    if (row === null) {
      problems.push({
        stream,
        element: 'iati-activity',
        problem: `${stream} is not a stream the ${query.model.name} read model follows`,
        record: 'nothing: export a programme stream',
      });
      continue;
    }
    const { activity, problems: missing } = hook(row.model, { stream, generatedAt });
    problems.push(...missing.map((p) => ({ ...p, stream })));
    if (activity === null) continue;
    problems.push(...iatiRuleProblems(activity, generatedAt).map((p) => ({ ...p, stream })));
    activities.push(activity);
  }
  if (problems.length > 0) throw new IatiExportError(problems);
  return renderIatiActivities(activities, generatedAt);
}

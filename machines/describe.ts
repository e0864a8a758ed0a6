import type { AnyMachineSnapshot } from 'xstate';
import type { ProgrammeContext } from './context.ts';

/** Returns the programme's key facts for people, in display order. Pure. */
export function describeProgramme(snapshot: AnyMachineSnapshot): Record<string, string> {
  const c = snapshot.context as ProgrammeContext;
  const facts: Record<string, string> = {};
  if (c.programme === null) return { programme: 'not registered yet' };
  facts.programme = c.programme.title;
  facts.budget = `${c.programme.currency} ${c.programme.budgetTotal.toLocaleString('en')}`;
  facts.participants = `${Object.values(c.participants).filter((p) => p.side === 'NL').length} NL, ${Object.values(c.participants).filter((p) => p.side === 'CN').length} CN`;
  if (c.review)
    facts['open review'] = `${c.review.gateId} on ${c.review.reviewDate} (${c.review.criteria.length} criteria)`;
  if (c.nextGate) facts['next gate'] = `${c.nextGate.gateId} by ${c.nextGate.targetDate}`;
  const open = Object.entries(c.conditions).filter(([, k]) => !k.satisfied);
  if (open.length > 0)
    facts['open conditions'] = open.map(([id, k]) => `${id} (${k.gateId}, due ${k.dueDate})`).join('; ');
  // The context counts what its guards read: incoming commitments (IATI 11), outgoing commitments (2), and
  // disbursements and expenditure together (3, 4). The read model's finance (`state`) has every type by name.
  const m = (amount: number) => `${c.programme!.currency} ${amount.toLocaleString('en')}`;
  facts.finance = `${m(c.finance.incoming)} incoming commitments, ${m(c.finance.committed)} committed, ${m(c.finance.paid)} disbursed or spent`;
  const agreements = Object.values(c.agreements);
  facts.agreements = agreements.length === 0 ? 'none' : agreements.map((a) => `${a.instrument} ${a.status}`).join(', ');
  facts['knowledge transfer'] = String(c.ktActivities);
  return facts;
}

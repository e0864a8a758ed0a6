import type { Workflow } from '../workflow/defineWorkflow.ts';
import { initialSnapshot } from '../workflow/replay.ts';
import { toStatechart, type ChartTransition } from './statechart.ts';

/** A transition as a diff names it: where from, on which event, where to. */
export type DiffTransition = {
  readonly source: string;
  readonly event: string;
  readonly targets: readonly string[];
  readonly guard: string | null;
};

/** A gate criterion as a diff names it. */
export type DiffCriterion = {
  readonly gate: string;
  readonly id: string;
  readonly kind: string;
  readonly text: string;
};

/** What differs between two workflow versions: states, transitions, guards and gate criteria. */
export type WorkflowDiff = {
  readonly from: string;
  readonly to: string;
  readonly states: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly transitions: {
    readonly added: readonly DiffTransition[];
    readonly removed: readonly DiffTransition[];
    /** Same source, event and targets, another guard. */
    readonly guardChanged: ReadonlyArray<{
      readonly source: string;
      readonly event: string;
      readonly targets: readonly string[];
      readonly from: string | null;
      readonly to: string | null;
    }>;
  };
  readonly criteria: {
    readonly added: readonly DiffCriterion[];
    readonly removed: readonly DiffCriterion[];
    readonly changed: ReadonlyArray<{
      readonly gate: string;
      readonly id: string;
      readonly from: DiffCriterion;
      readonly to: DiffCriterion;
    }>;
  };
  /** True when nothing differs. */
  readonly same: boolean;
};

const key = (t: { source: string; event: string; targets: readonly string[] }) =>
  `${t.source} ${t.event} -> ${t.targets.join(',')}`;
const plain = (t: ChartTransition): DiffTransition => ({
  source: t.source,
  event: t.event,
  targets: t.targets,
  guard: t.guard,
});

/**
 * Returns what differs between two workflow versions: the states added and removed (by XState id), the transitions
 * added, removed or guarded differently (matched by source, event and targets; candidates of one event in order), and
 * the gate criteria the workflows' gate reporters list for a new stream, added, removed or reworded. Pure.
 */
export function diffWorkflows(from: Workflow, to: Workflow): WorkflowDiff {
  const a = toStatechart(from.machine);
  const b = toStatechart(to.machine);
  const states = {
    added: [...b.states.keys()].filter((id) => !a.states.has(id)),
    removed: [...a.states.keys()].filter((id) => !b.states.has(id)),
  };
  const group = (ts: readonly ChartTransition[]) => {
    const map = new Map<string, ChartTransition[]>();
    for (const t of ts) map.set(key(t), [...(map.get(key(t)) ?? []), t]);
    return map;
  };
  const before = group(a.transitions);
  const after = group(b.transitions);
  const added: DiffTransition[] = [];
  const removed: DiffTransition[] = [];
  const guardChanged: Array<WorkflowDiff['transitions']['guardChanged'][number]> = [];
  for (const [k, list] of after) {
    const old = before.get(k) ?? [];
    list.forEach((t, i) => {
      const o = old[i];
      if (o === undefined) added.push(plain(t));
      else if (o.guard !== t.guard)
        guardChanged.push({ source: t.source, event: t.event, targets: t.targets, from: o.guard, to: t.guard });
    });
    old.slice(list.length).forEach((t) => removed.push(plain(t)));
  }
  for (const [k, list] of before) if (!after.has(k)) list.forEach((t) => removed.push(plain(t)));
  const criteriaOf = (w: Workflow): DiffCriterion[] =>
    (w.gates ? w.gates(initialSnapshot(w)) : []).flatMap((g) =>
      g.criteria.map((k) => ({ gate: g.gate, id: k.id, kind: k.kind, text: k.text })),
    );
  const ca = criteriaOf(from);
  const cb = criteriaOf(to);
  const id = (k: DiffCriterion) => `${k.gate} ${k.id}`;
  const criteria = {
    added: cb.filter((k) => !ca.some((o) => id(o) === id(k))),
    removed: ca.filter((k) => !cb.some((o) => id(o) === id(k))),
    changed: cb.flatMap((k) => {
      const o = ca.find((x) => id(x) === id(k));
      return o !== undefined && (o.text !== k.text || o.kind !== k.kind)
        ? [{ gate: k.gate, id: k.id, from: o, to: k }]
        : [];
    }),
  };
  const same = [
    states.added,
    states.removed,
    added,
    removed,
    guardChanged,
    criteria.added,
    criteria.removed,
    criteria.changed,
  ].every((l) => l.length === 0);
  return { from: from.ref, to: to.ref, states, transitions: { added, removed, guardChanged }, criteria, same };
}

/** Returns a diff as lines of text for people: one line per difference, `+` added, `-` removed, `~` changed. */
export function diffText(diff: WorkflowDiff): string {
  const lines = [
    `${diff.from} -> ${diff.to}: ${diff.same ? 'no difference in states, transitions, guards or gate criteria' : 'differences'}`,
  ];
  const t = (x: { source: string; event: string; targets: readonly string[] }) =>
    `${x.source} --${x.event}--> ${x.targets.join(', ') || '(stays)'}`;
  for (const s of diff.states.added) lines.push(`+ state ${s}`);
  for (const s of diff.states.removed) lines.push(`- state ${s}`);
  for (const x of diff.transitions.added) lines.push(`+ transition ${t(x)}${x.guard ? ` [${x.guard}]` : ''}`);
  for (const x of diff.transitions.removed) lines.push(`- transition ${t(x)}${x.guard ? ` [${x.guard}]` : ''}`);
  for (const x of diff.transitions.guardChanged)
    lines.push(`~ guard of ${t(x)}: ${x.from ?? '(none)'}  =>  ${x.to ?? '(none)'}`);
  for (const k of diff.criteria.added) lines.push(`+ criterion ${k.gate} ${k.id} (${k.kind}): ${k.text}`);
  for (const k of diff.criteria.removed) lines.push(`- criterion ${k.gate} ${k.id} (${k.kind}): ${k.text}`);
  for (const k of diff.criteria.changed) {
    lines.push(`~ criterion ${k.gate} ${k.id}: "${k.from.text}" (${k.from.kind})  =>  "${k.to.text}" (${k.to.kind})`);
  }
  return `${lines.join('\n')}\n`;
}

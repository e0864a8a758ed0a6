// Embedding phasegate in a portal: record facts, read the state, explain a refusal. Run: npm run build && npx tsx examples/embed.ts
import { createEngine, openStore, RefusedError } from 'phasegate';
import { programme } from 'phasegate/programme';

const engine = createEngine({ workflows: programme, store: await openStore('memory:') });
const nlAgency = { id: 'nl-agency', role: 'programme_manager' };

await engine.record('lcz-shenzhen', {
  type: 'ProgrammeRegistered',
  occurredAt: '2011-07-01',
  actor: nlAgency,
  data: {
    iatiIdentifier: 'NL-KVK-27378529-LCZ-SZ',
    title: 'Cooperation on a Sino-Dutch Low-carbon zone Shenzhen',
    description: 'A Sino-Dutch cooperation framework for a low-carbon zone.',
    reportingOrgId: 'nl-agency',
    recipientCountry: 'CN',
    locationName: 'Longgang District, Shenzhen',
    sectors: [{ code: '43030', pct: 100 }],
    budgetTotal: { amount: 150000, currency: 'EUR' },
    plannedStart: '2011-07-01',
    plannedEnd: '2012-12-31',
  },
});
console.log((await engine.state('lcz-shenzhen')).state); // feasibility.active

try {
  await engine.record('lcz-shenzhen', {
    type: 'ProgrammeClosed',
    occurredAt: '2011-07-02',
    actor: { id: 'nl-agency', role: 'gatekeeper' },
    data: { finalReportDocId: 'r1' },
  });
} catch (error) {
  // nl-agency (gatekeeper) may not record ProgrammeClosed: nl-agency does not hold gatekeeper (it holds
  // programme_manager); record RoleGranted (orgId nl-agency, role gatekeeper) decided jointly by a gatekeeper of each side ...
  if (error instanceof RefusedError) console.log(error.message);
}

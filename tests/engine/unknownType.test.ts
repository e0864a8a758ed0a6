/**
 * A proposal of a type the workflow does not define is invalid input (exit 2 on the command line), named with the
 * types it could have meant, and nothing is stored; so is a type named like a member of every object (toString,
 * constructor, __proto__), which is no event type either.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, createMemoryEventStore, InvalidInputError } from '../../src/index.ts';
import { programmeVersions } from '../../machines/index.ts';

/** A proposal as a portal passes it on: parsed from a request, its type whatever the request said. */
const proposal = (type: string): never =>
  JSON.parse(
    JSON.stringify({ type, occurredAt: '2011-07-01', actor: { id: 'nl-agency', role: 'programme_manager' }, data: {} }),
  ) as never;

describe('a proposal of an unknown event type', () => {
  it('is refused as invalid input naming the type and the known ones, and nothing is stored', async () => {
    const store = createMemoryEventStore();
    const engine = createEngine({ workflows: [...programmeVersions], store });
    const error = await engine.record('lcz', proposal('Nonsense')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(
      /unknown event type "Nonsense" in programme@\d; known types: .*ProgrammeRegistered/,
    );
    const nearMiss = await engine.record('lcz', proposal('programmeregistered')).catch((e: unknown) => e);
    expect((nearMiss as Error).message).toMatch(/did you mean ProgrammeRegistered\?/);
    expect(await store.head('lcz')).toBeNull();
  });

  it('is refused the same way when named like a member of every object', async () => {
    const store = createMemoryEventStore();
    const engine = createEngine({ workflows: [...programmeVersions], store });
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const error = await engine.record('lcz', proposal(type)).catch((e: unknown) => e);
      expect(error, type).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message, type).toContain(`unknown event type "${type}"`);
    }
    expect(await store.head('lcz')).toBeNull();
  });
});

/**
 * The append functions of a store's schema (README "Stores"), as SQL text for postgresSchema.ts to create: `append7`
 * appends one batch to one stream, `append8` (schema 8) the batches of several streams in one transaction, and the
 * functions of earlier schemas that a migration keeps for a process of that version still running.
 */

/**
 * The append function (README "Stores"). Positions are reserved in transaction-id order: it takes a session advisory
 * lock only for the instant it assigns its transaction id and reserves its positions, so a transaction with a lower
 * id always holds the lower positions. A reader that reads only rows whose `txid` lies below the oldest running
 * transaction (`pg_snapshot_xmin`) therefore reads a prefix of the positions that can never grow a late row inside
 * it. Appends to different streams wait for nothing else. It returns the last position, or null when the stream's
 * head is not at the expected seq with the expected hash; an id stored already, or a seq taken meanwhile by another
 * append, fails the insert on the id or (stream, seq) unique index (the caller then decides with the shared rules).
 * Schema 4 reads the head in one index probe and leaves the ids to that index (schema 3 also looked each id up
 * before inserting, and planned every statement on every call): a batch of 100 runs about 1.6x faster and a single
 * event 2-3x faster on the server (pgbench, synchronous_commit off). Schema 6's `append6` also returns whether a
 * subscription listens (announceListener), so that an append sends its NOTIFY only then; schema 5's `append` is
 * kept by a migration for a process of that version still running. Schema 7's `append7` returns one value, the last
 * position, negated when a subscription listens (`SELECT append7(...)`: no function scan, no row type for the
 * result), and inserts a lone event with VALUES instead of unnest: 12-16% less server CPU a single append with
 * synchronous_commit off (docs/performance.md); a migration keeps `append6` for a process of schema 6.
 */
export function appendFunction(t: string, schema: string, name: 'append' | 'append6' | 'append7'): string {
  const v6 = name === 'append6';
  const v7 = name === 'append7';
  const listeners = `hashtext('phasegate.listeners.${schema}')`;
  const out = v6 ? ', OUT last bigint, OUT listened boolean' : '';
  const columns = `${t}.events (position, txid, recorded, stream, seq, id, hash, prev, body)`;
  const many = `INSERT INTO ${columns}
        SELECT v_last - n + u.o, v_xid, u.r, v_no, p_expected + u.o, u.id, decode(u.h, 'hex'), decode(u.p, 'hex'), u.b
        FROM unnest(p_ids, p_hashes, p_prevs, p_recorded, p_bodies) WITH ORDINALITY AS u(id, h, p, r, b, o);`;
  const insert = v7
    ? `IF n = 1 THEN
        INSERT INTO ${columns} VALUES (v_last, v_xid, p_recorded[1], v_no, p_expected + 1, p_ids[1],
          decode(p_hashes[1], 'hex'), decode(p_prevs[1], 'hex'), p_bodies[1]);
      ELSE
        ${many}
      END IF;`
    : many;
  return `
    CREATE OR REPLACE FUNCTION ${t}.${name}(p_stream text, p_expected integer, p_head text, p_ids text[],
        p_hashes text[], p_prevs text[], p_recorded bigint[], p_bodies text[]${out})
        ${v6 ? '' : 'RETURNS bigint'} LANGUAGE plpgsql AS $fn$
    DECLARE
      n integer := cardinality(p_ids);
      v_no integer := (SELECT no FROM ${t}.streams WHERE name = p_stream);
      v_seq integer;
      v_hash bytea;
      v_xid xid8;
      v_last bigint;${v7 ? '\n      v_listened boolean;' : ''}
    BEGIN
      SELECT seq, hash INTO v_seq, v_hash FROM ${t}.events WHERE stream = v_no ORDER BY seq DESC LIMIT 1;
      IF coalesce(v_seq, 0) <> p_expected
          OR (p_expected > 0 AND p_head IS NOT NULL AND v_hash IS DISTINCT FROM decode(p_head, 'hex')) THEN
        RETURN${v6 ? '' : ' NULL'};
      END IF;
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'phasegate: append must be the first write of its transaction';
      END IF;
      -- The transaction id and the positions, together: transaction-id order is position order.
      PERFORM pg_advisory_lock(hashtext('phasegate.positions.${schema}'));
      v_xid := pg_current_xact_id();
      v_last := CASE WHEN n = 1 THEN nextval('${t}.positions')
        ELSE setval('${t}.positions', nextval('${t}.positions') + n - 1) END;
      PERFORM pg_advisory_unlock(hashtext('phasegate.positions.${schema}'));${
        v6 || v7
          ? `
      -- A subscription holds all of these locks, shared, while it listens (announceListener); one taken here is held
      -- until this transaction ends, so a subscription that starts meanwhile waits for it before its first read.
      ${v6 ? 'listened' : 'v_listened'} := NOT pg_try_advisory_xact_lock(${listeners}, pg_backend_pid() % ${listenerSlots});`
          : ''
      }
      IF v_no IS NULL THEN -- a new stream; one created meanwhile by another append wins, and seq 1 then conflicts
        INSERT INTO ${t}.streams (name) VALUES (p_stream) ON CONFLICT (name) DO NOTHING RETURNING no INTO v_no;
        IF v_no IS NULL THEN v_no := (SELECT no FROM ${t}.streams WHERE name = p_stream); END IF;
      END IF;
      ${insert}
      ${v6 ? 'last := v_last;' : v7 ? 'RETURN CASE WHEN v_listened THEN -v_last ELSE v_last END;' : 'RETURN v_last;'}
    END $fn$;`;
}

/**
 * How many advisory locks announce listeners: a listener holds them all, an append tries the one of its connection
 * (backend pid modulo this): the connections of one pool, opened one after another, mostly try different ones, so
 * that concurrent appends seldom find the lock taken by each other and send a NOTIFY no one listens for.
 */
export const listenerSlots = 32;

/**
 * Schema 8's `append8`: the batches of several streams (the members, one per stream) in one call and one transaction,
 * for appends that arrive while another of the same store is in flight (postgresAppendGroups.ts). It checks every
 * member's head as `append7` checks its one, and stores nothing, returning null, when any is not at its expected seq
 * and hash (the caller then appends each member alone). Then it reserves the positions of all the events under the
 * same lock as `append7`, in one transaction id, so a group keeps the late-commit guarantee a lone append keeps, and
 * inserts the events in the order given: member `p_members[i]` (1-based into `p_streams`) at seq `p_seqs[i]`. An id
 * stored already, or a seq taken meanwhile, fails the insert on its unique index, and with it the whole call. It
 * returns the last position, negated when a subscription listens, as `append7` does.
 */
export function groupAppendFunction(t: string, schema: string): string {
  return `
    CREATE OR REPLACE FUNCTION ${t}.append8(p_streams text[], p_expected integer[], p_heads text[],
        p_members integer[], p_seqs integer[], p_ids text[], p_hashes text[], p_prevs text[], p_recorded bigint[],
        p_bodies text[]) RETURNS bigint LANGUAGE plpgsql AS $fn$
    DECLARE
      n integer := cardinality(p_ids);
      v_xid xid8;
      v_last bigint;
      v_listened boolean;
      v_stored integer;
    BEGIN
      IF EXISTS (SELECT FROM unnest(p_streams, p_expected, p_heads) AS m(name, expected, head)
          LEFT JOIN ${t}.streams s ON s.name = m.name
          LEFT JOIN LATERAL (SELECT e.seq, e.hash FROM ${t}.events e WHERE e.stream = s.no
            ORDER BY e.seq DESC LIMIT 1) h ON true
          WHERE coalesce(h.seq, 0) <> m.expected
            OR (m.expected > 0 AND m.head IS NOT NULL AND h.hash IS DISTINCT FROM decode(m.head, 'hex'))) THEN
        RETURN NULL;
      END IF;
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'phasegate: append must be the first write of its transaction';
      END IF;
      -- The transaction id and the positions, together: transaction-id order is position order (as in append7).
      PERFORM pg_advisory_lock(hashtext('phasegate.positions.${schema}'));
      v_xid := pg_current_xact_id();
      v_last := setval('${t}.positions', nextval('${t}.positions') + n - 1);
      PERFORM pg_advisory_unlock(hashtext('phasegate.positions.${schema}'));
      v_listened := NOT pg_try_advisory_xact_lock(hashtext('phasegate.listeners.${schema}'),
        pg_backend_pid() % ${listenerSlots});
      -- New streams, numbered in the order given; one created meanwhile by another append wins, and seq 1 conflicts.
      INSERT INTO ${t}.streams (name)
        SELECT m.name FROM unnest(p_streams) WITH ORDINALITY AS m(name, o)
        WHERE NOT EXISTS (SELECT FROM ${t}.streams s WHERE s.name = m.name) ORDER BY m.o
        ON CONFLICT (name) DO NOTHING;
      INSERT INTO ${t}.events (position, txid, recorded, stream, seq, id, hash, prev, body)
        SELECT v_last - n + u.o, v_xid, u.r, s.no, u.q, u.id, decode(u.h, 'hex'), decode(u.p, 'hex'), u.b
        FROM unnest(p_members, p_seqs, p_ids, p_hashes, p_prevs, p_recorded, p_bodies) WITH ORDINALITY
          AS u(m, q, id, h, p, r, b, o)
        JOIN ${t}.streams s ON s.name = p_streams[u.m];
      GET DIAGNOSTICS v_stored = ROW_COUNT; -- every event has its stream (made above): anything less is a bug
      IF v_stored <> n THEN
        RAISE EXCEPTION 'phasegate: append8 would store % of % events', v_stored, n;
      END IF;
      RETURN CASE WHEN v_listened THEN -v_last ELSE v_last END;
    END $fn$;`;
}

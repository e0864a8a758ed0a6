import { hash as digest } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { RecordedEvent, UnhashedEvent } from './envelope.ts';

/**
 * Returns the RFC 8785 (JCS) canonical JSON of a JSON value.
 * Throws on what JSON cannot carry (NaN, Infinity, lone surrogates, cycles).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Cannot canonicalize undefined');
  return text;
}

/** Returns the lowercase hex SHA-256 of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return digest('sha256', text, 'hex');
}

/** Returns the hash of an event: SHA-256 of the canonical JSON of every envelope field but `hash` and `sig`. */
export function hashEvent(event: UnhashedEvent | RecordedEvent): string {
  const { hash: _hash, sig: _sig, ...hashed } = event as RecordedEvent;
  return sha256Hex(canonicalJson(hashed));
}

/** Returns the event with its `hash` filled in. */
export function sealEvent<TEvent extends UnhashedEvent>(event: TEvent): TEvent & { readonly hash: string } {
  return { ...event, hash: hashEvent(event) };
}

/** Returns the bytes a store keeps for an event: the canonical JSON of the whole envelope, one line, no newline. */
export function encodeEvent(event: RecordedEvent): string {
  return canonicalJson(event);
}

/**
 * Returns the canonical JSON of what a proposal asserted (type, time, actor, data, links) without what the store
 * added (seq, prev, hash, recordedAt). Two appends with one id are the same fact exactly when these are equal.
 */
export function factKey(event: {
  readonly stream: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: unknown;
  readonly data: unknown;
  readonly causationId?: string;
  readonly correlationId?: string;
}): string {
  return canonicalJson({
    stream: event.stream,
    type: event.type,
    occurredAt: event.occurredAt,
    actor: event.actor,
    data: event.data,
    causationId: event.causationId ?? null,
    correlationId: event.correlationId ?? null,
  });
}

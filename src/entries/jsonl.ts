/**
 * phasegate/jsonl: the JSONL file store and the one JSONL reader, `readJsonlFile` (Node: uses `node:fs`).
 */
export { openJsonlEventStore } from '../store/jsonlEventStore.ts';
export type { IgnoredTail, JsonlEventStore, JsonlStoreOptions, TornTail } from '../store/jsonlEventStore.ts';
export { readJsonlFile } from '../store/readJsonlFile.ts';
export type { JsonlRecord } from '../store/readJsonlFile.ts';

/**
 * phasegate/audit: verifying a log's chain, Ed25519 keys, signatures and checkpoints, the replay auditor and the
 * dossier (Node: uses `node:crypto` and `node:fs`).
 */
export { verifyJsonlFile, verifyStore } from '../audit/verify.ts';
export type { VerifyOptions, VerifyProgress, VerifyReport } from '../audit/verify.ts';
export { verifyLog } from '../audit/parallel/verifyOnCores.ts';
export type { VerifyLogOptions } from '../audit/parallel/verifyOnCores.ts';
export type { ChainVerifierOptions, IntegrityProblem, ProblemKind, StreamVerdict } from '../audit/chainVerifier.ts';
export {
  createKeyRegistry,
  formatKeyRegistry,
  formatSigningKey,
  generateSigningKey,
  isKeyValidAt,
  parseKeyRegistry,
  parseSigningKey,
  publicEntryOf,
} from '../audit/keys.ts';
export type { KeyId, KeyObject, KeyRegistry, PublicKeyEntry, SigningKey } from '../audit/keys.ts';
export { checkEventSignature, createSigner, eventSignatureMessage, signEventHash } from '../audit/signatures.ts';
export type { SignatureCheckOptions, SignedFacts, SignerOptions } from '../audit/signatures.ts';
export { checkCheckpointSignature, checkpointMessage, createCheckpoint, parseCheckpoint } from '../audit/checkpoint.ts';
export type { Checkpoint, CheckpointEntry, CheckpointSignature } from '../audit/checkpoint.ts';
export { createReplayAuditor } from '../audit/replayAudit.ts';
export type { FindingKind, ReplayAuditor, ReplayFinding, StreamAudit } from '../audit/replayAudit.ts';
export type { AuditSource } from '../audit/source.ts';
export { buildDossier } from '../audit/dossier/buildDossier.ts';
export type { Dossier, DossierEvent, DossierOptions, DossierRefusal } from '../audit/dossier/buildDossier.ts';
export { renderDossierHtml } from '../audit/dossier/html.ts';
export { renderDossierJson } from '../audit/dossier/json.ts';
export { renderDossierMarkdown } from '../audit/dossier/markdown.ts';

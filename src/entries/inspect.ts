/**
 * phasegate/inspect: replaying a stream into the Stately inspector and serving it (Node: `ws` and
 * `@statelyai/inspect` are optional peer dependencies).
 */
export { forwardToInspector } from '../inspect/forwardToInspector.ts';
export { inspectedSnapshot, keepGuardNames } from '../inspect/inspector.ts';
export type { InspectedSnapshot, InspectorLike } from '../inspect/inspector.ts';
export { replayIntoInspector, withoutEffects } from '../inspect/replayIntoInspector.ts';
export { inspectStream } from '../inspect/streamInspection.ts';
export type { InspectionTarget, StreamInspection } from '../inspect/streamInspection.ts';
export { startInspectorServer } from '../inspect/inspectorServer.ts';
export type { InspectorServer, InspectorServerOptions } from '../inspect/inspectorServer.ts';

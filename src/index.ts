// The public API, by name: load and validate trees, compile them, walk them headless.
export { loadTreeSet, type LoadResult, type TreeFs, type TreeLayer } from './tree/tree-set.js';
export { loadTree } from './tree/load.js';
export { folderTreeCache, type TreeCache } from './tree/tree-cache.js';
export { validateTreeSet, type ProbeCatalog } from './tree/validate.js';
export { DIAGNOSTIC_CODES, DiagnosticBag, formatDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from './tree/diagnostics.js';
export type { Tree, TreeNode, TreeSet, QuestionNode, FixNode, EscalateNode, InputDef, Target, TreeTest } from './tree/types.js';
export { renderGraph, type GraphFormat } from './tree/graph.js';
export { compileTrees, stateKey, type CompiledTrees, type PlainMachineConfig } from './compile/compile.js';
export { createWalkMachine, type MachineDeps, type ProbeOutcome, type WalkEvent } from './compile/machine.js';
export { Session, SessionError, type SessionDeps, type StartOptions, type PathStep } from './session/session.js';
export type { SessionEvent, SessionSnapshot, SessionStatus } from './session/events.js';
export type { StepView } from './session/view.js';
export { runTreeTests, type TreeTestReport, type TreeTestResult } from './session/tree-tests.js';
export { probeCatalog } from './probes/catalog.js';
export { runProbe } from './probes/registry.js';
export type { Probe, ProbeDescriptor, ProbeContext, ProbeResult, ProbeRunner, ProbeParams } from './probes/types.js';
export { buildSearchIndex, type SearchIndex, type SearchResult } from './search/search.js';
export { parseRoutingCases, scoreRouting, type RoutingCase, type RoutingReport } from './search/routing.js';

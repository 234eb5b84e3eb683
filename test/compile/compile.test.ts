// The compiled machine against the tree it came from: xstate/graph walks every simple path,
// and each path, replayed through the session API, ends where the machine says it does.
import { describe, expect, test } from 'vitest';
import { getSimplePaths } from 'xstate/graph';
import { RESOLVED, UNRESOLVED, stateKey } from '../../src/compile/compile.js';
import { createWalkMachine, type WalkEvent } from '../../src/compile/machine.js';
import { probeCatalog } from '../../src/probes/catalog.js';
import { Session } from '../../src/session/session.js';
import { topKey } from '../../src/session/view.js';
import { compileFixtures } from '../helpers/load-trees.js';

const compiled = await compileFixtures('trees/sample');
const runner = async () => ({ classification: 'connected', summary: '', evidence: {}, durationMs: 0 });
const machine = createWalkMachine(compiled.config, { runner, now: () => 0, inputs: () => ({}), secrets: () => ({}), timeoutFor: () => 1000 });

function eventsAt(value: unknown): WalkEvent[] {
  const node = compiled.nodes.get(topKey(value));
  if (node?.kind === 'question') return node.answers.map((a) => ({ type: 'ANSWER', key: a.key }));
  if (node?.kind === 'fix') return [{ type: 'FIX.RESOLVED' }, { type: 'FIX.UNRESOLVED' }];
  return [];
}

describe('compiled machine', () => {
  test('the config is plain data: it survives JSON unchanged', () => {
    expect(JSON.parse(JSON.stringify(compiled.config))).toEqual(compiled.config);
  });

  test('a question with a probe invokes the named probe actor with its parameters', () => {
    const state = compiled.config.states[stateKey('net', 'port-open')]!;
    expect(state.states?.probing?.invoke).toMatchObject({ src: 'probe', input: { use: 'tcp.connect', with: { host: '{{host}}', port: '{{port}}' }, timeoutMs: 2000 } });
  });

  const fromState = machine.resolveState({ value: stateKey('net', 'internet'), context: { inputs: {}, probes: {} } });
  const paths = getSimplePaths(machine, { fromState, events: (s: { value: unknown }) => eventsAt(s.value) } as never) as unknown as Array<{ state: { value: unknown }; steps: Array<{ event: WalkEvent }> }>;

  test('simple paths reach every node of both trees, and both ends', () => {
    const reached = new Set(paths.map((p) => topKey(p.state.value)));
    expect([...reached].sort()).toEqual([...compiled.nodes.keys(), RESOLVED].sort());
    expect(reached.has(UNRESOLVED)).toBe(false); // every fix in the sample leads somewhere on "did not help"
    expect(paths.length).toBeGreaterThan(10);
  });

  test.for(paths.map((p, i) => [i, p] as const))('path %i replayed through the session ends in the same state', ([, path]) => {
    let t = 0;
    const s = Session.start({ compiled, catalog: probeCatalog, runner, now: () => ++t }, { tree: 'net' });
    s.input('host', 'mail.contoso.com');
    s.input('port', '443');
    for (const { event } of path.steps) {
      if (event.type === 'ANSWER') s.answer(event.key);
      else if (event.type === 'FIX.RESOLVED') s.fixed();
      else if (event.type === 'FIX.UNRESOLVED') s.notFixed();
    }
    const want = topKey(path.state.value);
    const v = s.view();
    if (want === RESOLVED) expect(v).toMatchObject({ kind: 'end', status: 'resolved' });
    else expect(v.key).toBe(want);
  });
});

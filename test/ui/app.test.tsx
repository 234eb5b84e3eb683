import { describe, expect, test, vi } from 'vitest';
import type { Session } from '../../src/session/session.js';
import { App, appReducer } from '../../src/ui/app/index.js';
import { farewell } from '../../src/ui/index.js';
import type { SessionSource } from '../../src/ui/sessions.js';
import { ago } from '../../src/ui/sessions.js';
import { InputField } from '../../src/ui/walk/input-step.js';
import { createProgressChannel } from '../../src/ui/walk/index.js';
import { compiled, startSession } from './fixtures.js';
import { KEY, renderUi } from './render.js';

function source(over: Partial<SessionSource> = {}): SessionSource & { started: string[] } {
  const started: string[] = [];
  return {
    started,
    start: async (opts) => {
      started.push(opts.tree);
      return startSession(opts.tree);
    },
    resume: async () => ({ session: startSession('triage'), messages: ['tree "triage" changed since this session started'] }),
    recent: async () => [],
    ...over,
  };
}

const services = () => ({ copy: async () => '', exportTranscript: async () => '', progress: createProgressChannel() });

describe('App', () => {
  test('the start screen starts a tree; Ctrl-C anywhere leaves with the session', async () => {
    const src = source();
    const onExit = vi.fn();
    const ui = renderUi(<App compiled={compiled} source={src} services={services} onExit={onExit} />);
    await ui.press('connect');
    await ui.waitFor('› The server cannot be reached  “cannot connect to server”');
    await ui.press(KEY.enter);
    await ui.waitFor('Does the server address the devices use accept connections');
    expect(src.started).toEqual(['reach']);
    await ui.press(KEY.ctrlC);
    expect(onExit).toHaveBeenCalledWith('interrupt', expect.objectContaining({ id: 'S1' }));
  });

  test('a search hit on a fix starts the session at that node', async () => {
    const opened: Array<{ tree: string; node?: string }> = [];
    const src = source({
      start: async (opts) => {
        opened.push({ tree: opts.tree, node: opts.node });
        return startSession(opts.tree);
      },
    });
    const ui = renderUi(<App compiled={compiled} source={src} services={services} onExit={() => undefined} />);
    await ui.press('Open port');
    await ui.waitFor('› Open port <port> to <host> · The server cannot be reached');
    await ui.press(KEY.enter);
    await vi.waitFor(() => expect(opened).toEqual([{ tree: 'reach', node: 'fix-firewall' }]));
  });

  test('a resume shows what the store said about it above the walk', async () => {
    const onExit = vi.fn();
    const ui = renderUi(<App compiled={compiled} source={source()} recent={[{ id: 'S9', title: 'Not sure yet', detail: 'ticket INC-9' }]} services={services} onExit={onExit} />);
    await ui.press(KEY.up);
    await ui.waitFor('› Not sure yet  S9 · ticket INC-9');
    await ui.press(KEY.enter);
    await ui.waitFor('Resumed session S1');
    expect(ui.frame()).toContain('tree "triage" changed since this session started');
  });

  test('open sessions are loaded after the first screen is up', async () => {
    let give: (r: Array<{ id: string; title: string }>) => void = () => undefined;
    const loadRecent = () => new Promise<Array<{ id: string; title: string }>>((r) => (give = r));
    const ui = renderUi(<App compiled={compiled} source={source()} loadRecent={loadRecent} services={services} onExit={() => undefined} />);
    await ui.waitFor('› Not sure');
    expect(ui.frame()).not.toContain('Resume an open session');
    give([{ id: 'S7', title: 'Not sure yet' }]);
    await ui.waitFor('Resume an open session:');
  });

  test('a session that cannot be opened returns to the start screen with the reason', async () => {
    const ui = renderUi(<App compiled={compiled} source={source({ start: async () => Promise.reject(new Error('no tree "x"')) })} services={services} onExit={() => undefined} />);
    await ui.press(KEY.enter);
    await ui.waitFor('no tree "x"');
    expect(ui.frame()).toContain('Search:');
  });

  test('the app reducer', () => {
    const s = startSession('triage');
    expect(appReducer({ screen: 'start' }, { type: 'opening', what: 'Starting…' })).toEqual({ screen: 'opening', what: 'Starting…' });
    expect(appReducer({ screen: 'opening', what: '' }, { type: 'opened', session: s, resumed: true })).toMatchObject({ screen: 'walk', resumed: true, messages: [] });
    expect(appReducer({ screen: 'opening', what: '' }, { type: 'failed', error: 'x' })).toEqual({ screen: 'start', error: 'x' });
  });
});

describe('inputs', () => {
  const password = { name: 'password', ask: 'The user\'s password', format: 'secret' as const, secret: true, optional: false, pos: { file: '', line: 1, column: 1 } };

  test('a password is masked on screen and given to the session as typed', async () => {
    const submit = vi.fn();
    const ui = renderUi(<InputField input={password} submit={submit} />);
    expect(ui.frame()).toContain('Masked, and kept in memory only');
    await ui.press('Pa55 w0rd!');
    await ui.waitFor('••••••••••');
    expect(ui.frame()).not.toContain('Pa55');
    await ui.press(KEY.enter);
    expect(submit).toHaveBeenCalledWith('Pa55 w0rd!');
  });

  test('the reason a value was refused shows under the field', async () => {
    const ui = renderUi(
      <InputField
        input={{ ...password, name: 'host', ask: 'Host', format: 'hostname', secret: false }}
        submit={() => {
          throw new Error('"a b" is not a host name');
        }}
      />,
    );
    await ui.press('a b', KEY.enter);
    await ui.waitFor('✗ "a b" is not a host name');
    await ui.press(KEY.backspace);
    await ui.waitFor((f) => !f.includes('is not a host name'));
  });
});

describe('leaving', () => {
  test.for([
    ['interrupt', 'open', /^Interrupted\. Session S1 is kept: eas-doctor resume S1$/],
    ['quit', 'open', /^Session S1 is kept/],
    ['done', 'resolved', /^Session S1 resolved\.$/],
  ] as const)('%s with the session %s', ([reason, status, want]) => {
    const s: Session = startSession('triage');
    if (status === 'resolved') {
      s.answer('yes');
      s.answer('yes');
      s.fixed();
    }
    expect(farewell(reason, s)).toMatch(want);
  });

  test('ages read like a person says them', () => {
    expect([ago(10_000), ago(5 * 60_000), ago(3 * 3_600_000), ago(72 * 3_600_000)]).toEqual(['just now', '5 min ago', '3 h ago', '3 days ago']);
  });
});

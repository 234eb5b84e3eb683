// Starts the wizard on a terminal: opens the session store, renders the app with Ink (Ctrl-C
// handled by the app, not Ink), and after it ends says where the session is. Returns the
// exit code: 0 when left normally, 130 after Ctrl-C.
import { render } from 'ink';
import type { LoadedTrees } from '../compile/loaded.js';
import { probeCatalog } from '../probes/catalog.js';
import { runProbe } from '../probes/registry.js';
import type { Session } from '../session/session.js';
import type { CliIO } from '../util/io.js';
import { dataDirFor, openSessionStore, type StoreDeps } from '../transcript/store.js';
import { App, type ExitReason } from './app/index.js';
import { transcriptExporter, type Exporter } from './export.js';
import { copyFixCommands } from './fix/copy.js';
import { guardStdin } from './input/guard-stdin.js';
import { storeSource } from './sessions.js';
import { safeText } from '../util/safe-text.js';
import { pickTheme, ThemeContext } from './theme.js';
import { createProgressChannel, type WalkServices } from './walk/index.js';

/** What `eas-doctor run` passes to the wizard. */
export interface WizardOptions {
  io: CliIO;
  loaded: LoadedTrees;
  /** Start this tree at once instead of showing the start screen. */
  tree?: string;
  ticket?: string;
  noColor: boolean;
  /** --data-dir; otherwise EAS_DOCTOR_HOME or the platform's data folder (util/folders.ts). */
  dataDir?: string;
  /** Resume this session at once. */
  resumeId?: string;
  /** Let checks send credentials over unverified TLS or plain HTTP (`--insecure`). @default false */
  insecure?: boolean;
  /** DNS server (`IP[:PORT]`) for the checks (`--resolver`, `EAS_DOCTOR_RESOLVER`); the system's otherwise. */
  resolver?: string;
  /** Overrides the exporter (tests); the default writes Markdown and HTML next to the journal. */
  exporter?: Exporter;
}

/** The lines printed when the standard input is not a terminal (the caller exits 2). */
export const NOT_A_TERMINAL = [
  'eas-doctor: the wizard needs a terminal, and standard input is not one.',
  'For a scripted walk use: eas-doctor run TREE --answers FILE (or --answers - to read standard input).',
];

export async function runWizard(o: WizardOptions): Promise<number> {
  const { io } = o;
  if (!io.stdin.isTTY) {
    for (const line of NOT_A_TERMINAL) io.stderr.write(line + '\n');
    return 2;
  }
  // Raw mode at once, not when Ink's first key handler subscribes: keys typed while the
  // first screen is being built would otherwise be echoed by the terminal and line-buffered.
  io.stdin.setRawMode?.(true);
  try {
    return await wizard(o);
  } finally {
    io.stdin.setRawMode?.(false);
  }
}

async function wizard(o: WizardOptions): Promise<number> {
  const { io } = o;
  const theme = pickTheme(io.env, o.noColor, io.stdout);
  const progress = createProgressChannel();
  const dataDir = dataDirFor(io.env, o.dataDir, io.cwd);
  const store = openSessionStore({ dataDir, now: io.now });
  const deps: StoreDeps = { compiled: o.loaded.compiled, catalog: probeCatalog, runner: runProbe, now: io.now, onProgress: progress.emit, insecure: o.insecure, resolver: o.resolver };
  const source = storeSource(store, deps, io.now);
  const operator = io.env.USER ?? io.env.USERNAME;

  let initial: { session: Session; resumed: boolean; messages?: string[] } | undefined;
  try {
    if (o.resumeId) {
      const r = await source.resume(o.resumeId);
      initial = { session: r.session, resumed: true, messages: r.messages };
    } else if (o.tree) {
      const [tree, node] = o.tree.split('#');
      initial = { session: await source.start({ tree: tree!, node: node || undefined, ticket: o.ticket, operator }), resumed: false };
    }
  } catch (err) {
    store.release();
    io.stderr.write(safeText(`eas-doctor ${o.resumeId ? 'resume' : 'run'}: ${err instanceof Error ? err.message : String(err)}`) + '\n');
    return 2;
  }
  const exporter = o.exporter ?? transcriptExporter({ compiled: o.loaded.compiled, catalog: probeCatalog, dataDir });
  const services = (session: Session): WalkServices => ({
    progress,
    exportTranscript: () => exporter(session),
    copy: async (view) => {
      const { file, count } = await copyFixCommands({ writeTerminal: (d) => io.stdout.write(d), dir: dataDir, sessionId: session.id }, view);
      if (!count) return `This fix has no commands to paste; its steps are in ${file}`;
      return `Copied ${count === 1 ? 'the command' : `${count} commands`} to the clipboard (if the terminal allows OSC 52); also saved in ${file}`;
    },
  });

  let ended: { reason: ExitReason; session?: Session } = { reason: 'quit' };
  let current: Session | undefined;
  // Killed from outside (kill, a closing SSH session): leave like Ctrl-C, so the terminal is
  // restored and the session kept, rather than dying in raw mode with the cursor hidden.
  const onSignal = () => {
    current?.cancelProbe();
    ended = { reason: 'interrupt', session: current };
    instance.unmount();
  };
  // Ink reads keys through the filter: no sequence it cannot name reaches its parser.
  const input = guardStdin(io.stdin);
  const instance = render(
    <ThemeContext.Provider value={theme}>
      <App
        compiled={o.loaded.compiled}
        source={source}
        initial={initial}
        loadRecent={source.recent}
        ticket={o.ticket}
        operator={operator}
        services={services}
        onSession={(s) => (current = s)}
        onExit={(reason, session) => {
          ended = { reason, session };
          instance.unmount();
        }}
      />
    </ThemeContext.Provider>,
    {
      stdin: input.stdin,
      stdout: io.stdout as NodeJS.WriteStream,
      stderr: io.stderr as NodeJS.WriteStream,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  process.once('SIGTERM', onSignal).once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal).off('SIGHUP', onSignal);
    input.dispose();
    // The sessions walked here are free for another process again.
    store.release();
  }
  const { reason, session } = ended;
  if (session) io.stdout.write(farewell(reason, session) + '\n');
  return reason === 'interrupt' ? 130 : 0;
}

/** The line left on the terminal: what became of the session and how to pick it up again. */
export function farewell(reason: ExitReason, session: Session): string {
  const status = session.status;
  if (status === 'open') {
    return `${reason === 'interrupt' ? 'Interrupted. ' : ''}Session ${session.id} is kept: eas-doctor resume ${session.id}`;
  }
  return `Session ${session.id} ${status}.`;
}

// The terminal's input, passed to Ink through the key filter (key-filter.ts): a stream Ink can
// read as it reads a TTY (isTTY, setRawMode, ref/unref, 'readable' + read()), fed by the real
// stdin. No key sequence can then crash the wizard, and pastes stay text.
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { createKeyFilter } from './key-filter.js';

/** What the wizard's stdin must offer: a readable terminal. */
export type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown; ref?: () => unknown; unref?: () => unknown };

/** A filtered view of `real` for Ink, and `dispose()` to stop reading from `real`. */
export function guardStdin(real: TtyInput): { stdin: NodeJS.ReadStream; dispose(): void } {
  const filter = createKeyFilter();
  const out = new PassThrough({ encoding: 'utf8' });
  const view = Object.assign(out, {
    isTTY: real.isTTY,
    setRawMode(mode: boolean) {
      real.setRawMode?.(mode);
      return view;
    },
    ref() {
      real.ref?.();
      return view;
    },
    unref() {
      real.unref?.();
      return view;
    },
  });
  let timer: NodeJS.Immediate | undefined;
  const onData = (chunk: string | Buffer) => {
    if (timer) clearImmediate(timer);
    timer = undefined;
    const text = filter.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    if (text) out.write(text);
    // A lone ESC is the Escape key once nothing else follows in this tick (as Ink decides).
    if (filter.pending()) {
      timer = setImmediate(() => {
        timer = undefined;
        const esc = filter.flush();
        if (esc) out.write(esc);
      });
    }
  };
  real.setEncoding?.('utf8');
  real.on('data', onData);
  return {
    stdin: view as unknown as NodeJS.ReadStream,
    dispose() {
      if (timer) clearImmediate(timer);
      real.off('data', onData);
      real.pause();
      out.end();
    },
  };
}

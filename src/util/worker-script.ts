// Finds a worker thread's script beside the bundled code (dist/cli.js or dist/chunks/*.js).
// Running from TypeScript sources there is none, and callers do the work on their own thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The URL of `chunks/NAME.js` relative to the calling module's bundle, if it exists. */
export function bundledWorker(name: string, from: string): URL | undefined {
  for (const rel of [`./${name}.js`, `./chunks/${name}.js`, `../chunks/${name}.js`]) {
    const url = new URL(rel, from);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

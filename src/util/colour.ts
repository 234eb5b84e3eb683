// One colour policy for every command and the wizard. Colours are on when the stream is a
// terminal, unless one of these says otherwise (first match wins):
//   --no-color                      off
//   NO_COLOR set and not empty      off (no-color.org: an empty NO_COLOR does not count)
//   FORCE_COLOR=0 or false          off; any other FORCE_COLOR (even empty) on, terminal or not
//   TERM=dumb                       off
// The same order as chalk's supports-color, plus NO_COLOR; the escapes come from picocolors.
import pc from 'picocolors';

/** The painters a command uses: each returns its text unchanged when colours are off. */
export type Palette = ReturnType<typeof pc.createColors> & { enabled: boolean };

/** Whether output to `stream` gets colours, by the policy above. `flag` is --no-color's value (false when given). */
export function colourWanted(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Painters for `stream`, by the policy above. */
export function palette(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, flag?: boolean): Palette {
  const enabled = colourWanted(stream, env, flag);
  return Object.assign(pc.createColors(enabled), { enabled });
}

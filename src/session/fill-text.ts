// Placeholders filled for people: a given input reads as its value; one not given yet reads
// as what it is, so a question never needs its wording's inputs to be asked first.
import type { InputDef } from '../tree/types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g;
/** Words that already make a phrase definite: "The port to check" keeps its own article. */
const ARTICLE = /^(the|a|an|your|its|their|this|that)\s/i;

/**
 * An input as prose: its prompt without the trailing aside, definite and mid-sentence
 * ("The failing user (the logon name typed on the device)" -> "the failing user";
 * "Path of an IIS log file" -> "the path of an IIS log file").
 */
export function describeInput(def: Pick<InputDef, 'ask'>): string {
  let ask = def.ask.trim();
  // Asides the prompt gives the person typing ("(kept in memory only)", ", for the check").
  for (let prev = ''; prev !== ask; ) {
    prev = ask;
    ask = ask.replace(/\s*\([^()]*\)\s*$/, '').replace(/,\s*for\s+[^,]*$/i, '').trim();
  }
  if (!ask) return def.ask.trim();
  // "Port" -> "port", "E-mail" -> "e-mail"; "IIS" and "DeviceId" keep their capitals.
  const lower = (s: string) => (/^[A-Z][^A-Z\s]*(\s|$)/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
  return ARTICLE.test(ask) ? lower(ask) : `the ${lower(ask)}`;
}

/** The name an input has as something to replace in a command or an address: `HOST`. */
export function inputToken(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** Options of fillText. */
export interface FillOptions {
  /** Inputs the current step asks next (a check's): their description says so. */
  askedNext?: ReadonlySet<string>;
}

/**
 * Fills `{{name}}` with the given inputs. One not given reads as what it is: in prose, the
 * input's description ("the server address the devices use", plus "(asked next)" when the
 * step asks it next); in a command or an address (`https://{{host}}/owa`, a `code` or
 * "quoted" span, beside a -Parameter), its name in capitals (`https://HOST/owa`), which reads
 * as something to replace. A name that is no input of `defs` is left as written.
 */
export function fillText(text: string, inputs: Readonly<Record<string, string>>, defs: Readonly<Record<string, InputDef>>, opts: FillOptions = {}): string {
  return text.replace(PLACEHOLDER, (whole, name: string, at: number) => {
    if (Object.hasOwn(inputs, name)) return inputs[name]!;
    if (!Object.hasOwn(defs, name)) return whole;
    if (inCommand(text, at, at + whole.length)) return inputToken(name);
    return `${describeInput(defs[name]!)}${opts.askedNext?.has(name) ? ' (asked next)' : ''}`;
  });
}

/** Tools whose argument follows them directly ("nslookup {{host}} 8.8.8.8"). */
const COMMANDS = new Set(['nslookup', 'ping', 'curl', 'telnet', 'tracert', 'traceroute', 'dig', 'openssl']);

/** Whether the placeholder at [start, end) stands in a command or an address rather than in prose. */
function inCommand(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start);
  // Inside a `code` or "quoted" span: an odd number of marks before it.
  if ((before.match(/`/g)?.length ?? 0) % 2 === 1 || (before.match(/"/g)?.length ?? 0) % 2 === 1) return true;
  const prev = /(\S*)$/.exec(before)![1]!;
  const next = /^(\S*)/.exec(text.slice(end))![1]!;
  // Part of a longer word: an address, a path, DOMAIN\user, autodiscover.{{domain}}.
  if (prev !== '' && !/^[("'“‘[]+$/.test(prev)) return true;
  if (next !== '' && !/^(['’]s)?[)"'”’\],;!?.:]*$/.test(next)) return true;
  // Beside a parameter (-Identity {{user}}, {{host}} -Port 443) or after a tool's name.
  const words = before.trimEnd().split(/\s+/);
  const after = text.slice(end).trimStart().split(/\s+/);
  const last = words.at(-1) ?? '';
  const first = after[0] ?? '';
  return /^--?[A-Za-z]/.test(last) || /^--?[A-Za-z]/.test(first) || /^[A-Z][a-z]+-[A-Z][A-Za-z]+$/.test(last) || COMMANDS.has(last.toLowerCase());
}

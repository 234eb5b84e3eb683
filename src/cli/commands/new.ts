// `eas-doctor new ID`: a starter tree that validates and passes its tests as written.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, println, type CliIO, type Command, type CommandInput, type OutputOptions } from '../io.js';
import { printDocument } from '../json.js';
import { modeline } from '../../tree/json-schema.js';
import { VERSION } from '../../version.js';

/** The starter tree's text. */
export function starterTree(id: string): string {
  return `${modeline(VERSION)}
id: ${id}
title: ${id.replace(/-/g, ' ')} (describe the problem here)
version: 1
summary: One or two sentences on what this tree diagnoses.
symptoms: [what the user reports, an error code they see]
inputs:
  host: {ask: External name of the EAS server, example: mail.contoso.com, format: hostname}
start: first-check
nodes:
  first-check:
    question: Does https://{{host}}/owa open in a browser outside the company network?
    help: Say how to find this out — which page, which log, which command.
    answers:
      yes: escalate-admin
      no: fix-publish
    unknown: fix-publish        # where "I don't know" leads: the most likely cause
  fix-publish:
    fix: Publish Outlook on the web and ActiveSync on port 443
    cause: The server is not reachable from the internet
    why: Devices reach Exchange over HTTPS on port 443; if a browser cannot, no device can.
    steps:
      - text: Check that the port answers from outside
        run: {shell: powershell, code: "Test-NetConnection {{host}} -Port 443"}
      - Open TCP 443 from the internet to the Exchange server (or its reverse proxy) on the firewall.
    verify: "https://{{host}}/owa opens from outside; Test-NetConnection reports TcpTestSucceeded: True."
    sources: [your runbook or a public document]
    unresolved: escalate-admin
  escalate-admin:
    escalate: Hand over to the Exchange administrators
    to: Exchange tier 2
    why: The basic checks pass; the cause is deeper in the server's configuration.
    attach: ['the output of "eas-doctor check {{host}} --json"']
tests:
  - name: not reachable from outside
    inputs: {host: mail.contoso.com}
    answers: [no]
    expect: fix-publish
  - name: reachable, so escalate
    inputs: {host: mail.contoso.com}
    answers: [yes]
    expect: escalate-admin
`;
}

interface Options extends OutputOptions {
  dir?: string;
  force?: boolean;
}

export const command: Command<Options> = {
  async run({ args: positionals, opts: values }: CommandInput<Options>, io: CliIO): Promise<number> {
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError('name the new tree, e.g. "eas-doctor new vpn-split-tunnel"');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new UsageError(`"${id}" is not a tree id: use lower-case letters, digits and dashes (kebab-case)`);
    const dir = path.resolve(io.cwd, values.dir ?? (existsSync(path.join(io.cwd, 'trees')) ? 'trees' : '.'));
    const file = path.join(dir, `${id}.yaml`);
    if (existsSync(file) && !values.force) {
      println(io.stderr, `eas-doctor new: ${path.relative(io.cwd, file) || file} exists; choose another id or pass --force to overwrite it`);
      return 1;
    }
    await mkdir(dir, { recursive: true });
    await writeFile(file, starterTree(id));
    const rel = path.relative(io.cwd, file) || file;
    const next = [`eas-doctor validate ${rel}`, `eas-doctor test ${rel}`, `eas-doctor run ${id} --trees ${path.relative(io.cwd, dir) || '.'}`];
    if (values.json) printDocument(io, 'new', { tree: id, file: rel, next });
    else println(io.stdout, [`Wrote ${rel}. Next:`, ...next.map((n) => `  ${n}`)].join('\n'));
    return 0;
  },
};

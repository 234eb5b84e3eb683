// A fix with text to replace and alternatives, in every transcript format: Markdown and HTML
// list what to replace under the command and label the alternatives "Either (A)" / "Or (B)";
// JSON keeps the structure (`replace`, `either`) and still validates against its schema.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { expect, test } from 'vitest';
import { probeCatalog } from '../../src/probes/catalog.js';
import { buildTranscript } from '../../src/transcript/transcript.js';
import { renderTranscript } from '../../src/transcript/render.js';
import { root } from '../helpers/cli.js';
import { chooseSession, compiled } from '../ui/choose-fix.js';

const session = chooseSession();
session.fixed();
const transcript = buildTranscript(session.snapshot().events, { compiled, catalog: probeCatalog });

test('Markdown: the choice under one number, each alternative labelled, what to replace listed under its command', () => {
  const md = renderTranscript(transcript, 'md');
  const steps = md.slice(md.indexOf('**Steps:**'), md.indexOf('**Verify:**'));
  expect(steps).toContain('2. Leave one namespace **(choose ONE: A or B)**');
  expect(steps).toContain('   - **Either (A)** Delete the extra directory');
  expect(steps).toContain('   - **Or (B)** Keep it, and point its InternalUrl at the same namespace');
  expect(steps).toContain('   - *then (B)* Re-apply certificate mapping if you ever roll back to it.');
  expect(steps).toContain('     - Replace `SITE` with: the web site in brackets in the Name column of step 1');
  expect(steps).toContain('3. Recycle the ActiveSync application pool');
  expect(steps.indexOf('Remove-ActiveSyncVirtualDirectory')).toBeLessThan(steps.indexOf('**Or (B)**'));
});

test('HTML: the token marked in the command, the list under it, alternatives in their own list', () => {
  const html = renderTranscript(transcript, 'html');
  expect(html).toContain('&quot;EX2010\\Microsoft-Server-ActiveSync (<mark class="replace">SITE</mark>)&quot;');
  expect(html).toContain('<li>Replace SITE with: the web site in brackets in the Name column of step 1</li>');
  expect(html).toContain('<li>Leave one namespace <strong>(choose ONE: A or B)</strong>');
  expect(html).toMatch(/<li><strong>Either \(A\)<\/strong>\s*<ol class="alternative">\s*<li>Delete the extra directory/);
  expect(html).toMatch(/<li><strong>Or \(B\)<\/strong>\s*<ol class="alternative">\s*<li>Keep it, and point/);
});

test('JSON: replace and either kept as data, valid against schema/transcript.schema.json', () => {
  const json = JSON.parse(renderTranscript(transcript, 'json'));
  const fix = json.fixes[0];
  expect(fix.steps[1].either.map((alt: Array<{ text: string }>) => alt.map((s) => s.text))).toEqual([['Delete the extra directory'], ['Keep it, and point its InternalUrl at the same namespace', 'Re-apply certificate mapping if you ever roll back to it.']]);
  expect(fix.steps[1].either[0][0].replace).toEqual([{ token: 'SITE', means: 'the web site in brackets in the Name column of step 1' }]);
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'transcript.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  const validate = ajv.compile(schema);
  expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
});

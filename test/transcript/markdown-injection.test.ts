// Text the tree author did not write stays text in a Markdown transcript: no heading, no fence,
// no inline HTML, no raw escape byte. Checked with a real Markdown parser (marked, GFM) and a
// real HTML parser (jsdom): what a reader's ticket system would show.
import { JSDOM } from 'jsdom';
import { marked } from 'marked';
import { describe, expect, test } from 'vitest';
import { esc } from '../../src/transcript/diagram.js';
import { markValue, replaceMarked, segments, unmark } from '../../src/transcript/marks.js';
import { codeSpan, codeText, fence, md, mdAuthor } from '../../src/transcript/md-text.js';
import { maskingRedactor } from '../../src/transcript/redact.js';
import { safeText } from '../../src/util/safe-text.js';
import { exportSession } from '../../src/transcript/render.js';
import type { SessionEvent } from '../../src/session/events.js';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufdd0\ufdd1]/;
const HOSTILE = 'a\n## heading\n```\n<img src=x onerror=alert(1)> `x` [l](http://evil) *b* _i_ | ~~s~~ &amp; \u001b]0;t\u0007\u202e';

/** The Markdown as HTML, parsed: what a ticket system that renders Markdown shows. */
function rendered(markdown: string): Document {
  return new JSDOM(marked.parse(markdown, { async: false, gfm: true })).window.document;
}

/** No element or attribute that runs anything, and none of the structure an injection would add. */
function expectInert(doc: Document): void {
  expect(doc.querySelectorAll('img, script, iframe, h1, h2, h3, ul, ol, blockquote, pre, table, hr').length).toBe(0);
  // A bare URL may become a link (GFM autolinks), but only to where it says: never `[text](elsewhere)`.
  for (const a of doc.querySelectorAll('a')) expect(a.getAttribute('href')).toBe(a.textContent);
  for (const el of doc.querySelectorAll('*')) expect([...el.attributes].filter((a) => /^on/i.test(a.name))).toEqual([]);
}

describe('md: untrusted text in running text', () => {
  test('a hostile server message is one inert line', () => {
    const out = md('Invalid\n## Injected heading\n```\n<img src=x onerror=alert(1)> [link](http://evil) *b* | x\u001b]0;t\u0007');
    expect(out).not.toContain('\n');
    expect(out).not.toMatch(RAW);
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img');
    expect(out).toContain('\\`\\`\\`');
    // The visible escape's backslash is itself escaped: Markdown shows \x1b.
    expect(out).toContain('\\[link\\](http://evil) \\*b\\* \\| x\\\\x1b\\]0;t\\\\x07');
  });

  test.for(['# h', '## h', '> quote', '- item', '+ item', '* item', '1. item', '7) item', '    indented code', '===', '---', '~~~', '```js', '<div>', '| a | b |', HOSTILE])('%j renders as exactly its text, in one paragraph', (value) => {
    const doc = rendered(md(value));
    expectInert(doc);
    expect(doc.querySelectorAll('p').length).toBe(1);
    expect(doc.body.textContent!.trim()).toBe(safeText(value).trim());
  });
});

describe('mdAuthor: author Markdown with typed values in it', () => {
  test("the author's Markdown stays; a value in running text is escaped", () => {
    const out = mdAuthor(`Is **${markValue(HOSTILE)}** the site? See \`Get-Site\`.`);
    expect(out).not.toMatch(RAW);
    const doc = rendered(out);
    expectInert(doc);
    expect(doc.querySelector('strong')!.textContent).toBe(safeText(HOSTILE));
    expect(doc.querySelector('code')!.textContent).toBe('Get-Site');
  });

  test("a value inside the author's code span stays literal there and cannot close it", () => {
    const value = 'x` <img src=x onerror=alert(1)> ``y``\n## h';
    const out = mdAuthor(`Run \`Get-ADUser ${markValue(value)} | fl\` on ${markValue(value)}, then \`whoami\`.`);
    const doc = rendered(out);
    expectInert(doc);
    const codes = [...doc.querySelectorAll('code')].map((c) => c.textContent);
    expect(codes).toEqual([`Get-ADUser ${safeText(value)} | fl`, 'whoami']);
    expect(doc.body.textContent).toContain(`on ${safeText(value)}, then`);
  });

  test.for(['!x', '&amp;', '*x* <b>y</b>'])("the author's backslash before the value %j stays a backslash and escapes nothing of it", (value) => {
    const doc = rendered(mdAuthor(`Reset CONTOSO\\${markValue(value)} now`));
    expect(doc.querySelectorAll('em, strong, b').length).toBe(0);
    expect(doc.body.textContent!.trim()).toBe(`Reset CONTOSO\\${value} now`);
  });

  test('a value that starts with a backtick gets padding the parser takes off again', () => {
    expect(codeSpan('`a')).toBe('`` `a ``');
    expect(rendered(mdAuthor(`\`${markValue('`a`')}\``)).querySelector('code')!.textContent).toBe('`a`');
  });

  test('text without values is the author text as written, controls escaped', () => {
    expect(mdAuthor('Check **this** `code`\nnext line')).toBe('Check **this** `code`\nnext line');
    expect(mdAuthor('bell\u0007')).toBe('bell\\x07');
  });

  test('a tag in tree text (a tree from --trees) is text; inside code it is left as code', () => {
    const doc = rendered(mdAuthor('Remove <DeviceId> <img src=x onerror=alert(1)> with `Remove-MobileDevice <DeviceId>`'));
    expectInert(doc);
    expect(doc.body.textContent!.trim()).toBe('Remove <DeviceId> <img src=x onerror=alert(1)> with Remove-MobileDevice <DeviceId>');
  });
});

describe('fences and commands', () => {
  test("a command's fence is longer than any backtick run inside it", () => {
    const code = codeText(`Get-Mailbox ${markValue('a\n````\n<img src=x>')}\nGet-Date`);
    // The value stays on its line: it cannot add a command.
    expect(code.split('\n')).toEqual(['Get-Mailbox a\\n````\\n<img src=x>', 'Get-Date']);
    const doc = rendered(fence(code, 'powershell'));
    expect(doc.querySelectorAll('pre').length).toBe(1);
    expect(doc.querySelector('pre code')!.textContent).toBe(`${code}\n`);
    expect(doc.querySelectorAll('img').length).toBe(0);
  });
});

describe('marks', () => {
  test('segments split author text and values; unmark drops the marks; a mark typed in a value cannot end it', () => {
    const s = `a ${markValue('v\ufdd1w')} b`;
    expect(segments(s)).toEqual([
      { text: 'a ', value: false },
      { text: 'v\ufffdw', value: true },
      { text: ' b', value: false },
    ]);
    expect(unmark(s)).toBe('a v\ufffdw b');
  });

  test('redaction sees through the marks: a name across author text and value is masked, and the mask is escaped as a value', () => {
    const r = maskingRedactor();
    const out = r.text(`Reset CONTOSO\\${markValue('bob')} on ${markValue('mail.contoso.com')}.`);
    expect(unmark(out)).toBe('Reset domain-1\\user-1 on host-1.');
    expect(segments(out).filter((p) => p.value).map((p) => p.text)).toEqual(['domain-1\\user-1', 'host-1']);
    expect(replaceMarked(`x ${markValue('y')}`, /z/g, () => 'never')).toBe(`x ${markValue('y')}`);
  });
});

describe('HTML', () => {
  test('controls become visible escapes; a value stays on one line, author text keeps its lines', () => {
    const out = esc(`Run\nthis ${markValue('a\nb\u001b[31m<script>')}\u202e`);
    expect(out).toBe('Run\nthis a\\nb\\x1b[31m&lt;script&gt;\\u202e');
  });
});

describe('a hostile journal', () => {
  test('an input name with a pipe, a backtick and a line break stays in its table cell', async () => {
    const { compiled, catalog } = await import('./fixture-session.js');
    const at = Date.UTC(2026, 0, 1);
    const events = [
      { type: 'start', at, id: 'S-1', tree: 'mailbox', node: 'signin', trees: {} },
      { type: 'input', at: at + 1, name: 'a|b`c\n# x', value: 'v|w' },
    ] as unknown as SessionEvent[];
    const doc = rendered(exportSession(events, { compiled, catalog }, { format: 'md' }));
    expect(doc.querySelectorAll('h1').length).toBe(1);
    const row = [...doc.querySelectorAll('table')][1]!.querySelectorAll('tbody tr td');
    expect([...row].map((td) => td.textContent)).toEqual(['a|b`c\\n# x (a|b`c\\n# x)', 'v|w']);
  });
});

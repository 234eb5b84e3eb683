// Text the tree author did not write stays text in a Markdown transcript: no heading, no fence,
// no inline HTML, no raw escape byte.
import { expect, test } from 'vitest';
import { md } from '../../src/transcript/markdown.js';

test('a hostile server message is one inert line', () => {
  const out = md('Invalid\n## Injected heading\n```\n<img src=x onerror=alert(1)> [link](http://evil) *b* | x\u001b]0;t\u0007');
  expect(out).not.toContain('\n');
  expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  expect(out).not.toContain('<img');
  expect(out).toContain('&lt;img');
  expect(out).toContain('\\`\\`\\`');
  // The visible escape's backslash is itself escaped: Markdown shows \x1b.
  expect(out).toContain('\\[link\\](http://evil) \\*b\\* \\| x\\\\x1b\\]0;t\\\\x07');
});

// Writes README.md's command reference from the built CLI's help (`eas-doctor __reference`),
// between <!-- reference:begin --> and <!-- reference:end -->. test/readme.test.ts fails while
// the two differ: run `npm run build && npm run readme` after changing a command's declaration.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const reference = execFileSync(process.execPath, ['dist/cli.js', '__reference'], { encoding: 'utf8', env: { PATH: process.env.PATH, EAS_DOCTOR_NO_CACHE: '1' } });
const readme = readFileSync('README.md', 'utf8');
const begin = '<!-- reference:begin -->\n';
const end = '<!-- reference:end -->';
const from = readme.indexOf(begin);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error('README.md: no <!-- reference:begin --> ... <!-- reference:end --> markers');
writeFileSync('README.md', readme.slice(0, from + begin.length) + reference + readme.slice(to));
console.log('README.md: command reference rewritten');

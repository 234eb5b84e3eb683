// Each platform's folders, with the platform, environment and account given: what a user on
// Windows, macOS or Linux gets, tested on any machine.
import { expect, test } from 'vitest';
import { dataDirFor } from '../../src/transcript/data-dir.js';
import { appFolders, platformOf, type Platform } from '../../src/util/folders.js';

const on = (platform: NodeJS.Platform, env: Platform['env'], accountHome?: string): Platform => ({ platform, env, accountHome: () => accountHome, tmpdir: () => (platform === 'win32' ? 'C:\\Temp' : '/tmp') });

test.for([
  ['Windows: %LOCALAPPDATA%', on('win32', { LOCALAPPDATA: 'C:\\Users\\jdoe\\AppData\\Local', USERPROFILE: 'C:\\Users\\jdoe' }), 'C:\\Users\\jdoe\\AppData\\Local\\eas-doctor\\Data', 'C:\\Users\\jdoe\\AppData\\Local\\eas-doctor\\Cache'],
  ['Windows without LOCALAPPDATA: under the profile', on('win32', { USERPROFILE: 'C:\\Users\\jdoe' }), 'C:\\Users\\jdoe\\AppData\\Local\\eas-doctor\\Data', 'C:\\Users\\jdoe\\AppData\\Local\\eas-doctor\\Cache'],
  ['macOS: ~/Library', on('darwin', { HOME: '/Users/jdoe' }), '/Users/jdoe/Library/Application Support/eas-doctor', '/Users/jdoe/Library/Caches/eas-doctor'],
  ['Linux: XDG defaults', on('linux', { HOME: '/home/jdoe' }), '/home/jdoe/.local/share/eas-doctor', '/home/jdoe/.cache/eas-doctor'],
  ['Linux: XDG variables', on('linux', { HOME: '/home/jdoe', XDG_DATA_HOME: '/data', XDG_CACHE_HOME: '/var/cache/jdoe' }), '/data/eas-doctor', '/var/cache/jdoe/eas-doctor'],
  ['Linux: a relative XDG variable is ignored (the spec says so)', on('linux', { HOME: '/home/jdoe', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache' }), '/home/jdoe/.local/share/eas-doctor', '/home/jdoe/.cache/eas-doctor'],
  ['macOS: XDG variables set on purpose win', on('darwin', { HOME: '/Users/jdoe', XDG_CACHE_HOME: '/Users/jdoe/.cache' }), '/Users/jdoe/Library/Application Support/eas-doctor', '/Users/jdoe/.cache/eas-doctor'],
  ['Linux without HOME: the account\'s home', on('linux', {}, '/home/svc'), '/home/svc/.local/share/eas-doctor', '/home/svc/.cache/eas-doctor'],
  ['Linux with no home at all: the temporary folder', on('linux', { USER: 'svc' }), '/tmp/eas-doctor-svc/data', '/tmp/eas-doctor-svc/cache'],
] as const)('%s', ([, platform, data, cache]) => {
  expect(appFolders(platform)).toEqual({ data, cache });
});

test('--data-dir beats EAS_DOCTOR_HOME, which beats the platform folder', () => {
  const mac = on('darwin', { HOME: '/Users/jdoe', EAS_DOCTOR_HOME: '/srv/eas' });
  expect(dataDirFor(mac.env, 'here', '/work', mac)).toBe('/work/here');
  expect(dataDirFor(mac.env, undefined, '/work', mac)).toBe('/srv/eas');
  const plain = on('darwin', { HOME: '/Users/jdoe' });
  expect(dataDirFor(plain.env, undefined, '/work', plain)).toBe('/Users/jdoe/Library/Application Support/eas-doctor');
});

test("this machine's folders without HOME are real folders (the caches keep working)", () => {
  const folders = appFolders(platformOf({}));
  expect(folders.cache).toMatch(/eas-doctor/);
  expect(folders.cache.startsWith('/') || /^[A-Z]:\\/.test(folders.cache)).toBe(true);
});

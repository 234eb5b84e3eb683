// Which ActiveSync protocol version to speak: the highest both sides know ([MS-ASHTTP]
// 2.2.1.1.2.6 MS-ASProtocolVersion; the server lists its own in MS-ASProtocolVersions,
// 2.2.2.1.2.x), or the one the user forces to reproduce a phone.

/** The versions this client speaks, highest first. */
export const OUR_VERSIONS = ['16.1', '16.0', '14.1', '14.0', '12.1', '12.0'] as const;
export type EasVersion = (typeof OUR_VERSIONS)[number];

/** Numeric compare of "14.1" style versions. */
export function versionAtLeast(v: string, min: string): boolean {
  const [a = 0, b = 0] = v.split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

export type VersionChoice = { version: EasVersion; by: 'server' | 'forced' } | { error: string };

/** Picks the version from the server's MS-ASProtocolVersions list and an optional forced one. */
export function chooseVersion(serverList: readonly string[], forced?: string): VersionChoice {
  if (forced) {
    if (!(OUR_VERSIONS as readonly string[]).includes(forced)) return { error: `protocol version ${forced} is not one this client speaks (${OUR_VERSIONS.join(', ')})` };
    if (serverList.length && !serverList.includes(forced)) return { error: `the server does not offer protocol version ${forced} (it offers ${serverList.join(', ')})` };
    return { version: forced as EasVersion, by: 'forced' };
  }
  const v = OUR_VERSIONS.find((x) => serverList.includes(x));
  if (!v) return { error: `no protocol version in common: the server offers ${serverList.join(', ') || 'none'}, this client speaks ${OUR_VERSIONS.join(', ')}` };
  return { version: v, by: 'server' };
}

// One user's or device's story when a scan tracked only so many user-and-device pairs in
// detail (cell-store.ts MAX_CELLS): not finding it there does not mean it is not in the logs.
import { scanFiles, type ScanOptions } from './scan-files.js';
import { buildStories, findStory, type Stories, type Story } from './stories.js';
import type { ScanResult } from './types.js';

/**
 * The story of `want` from `stories`; if it is not there and the scan left pairs out
 * (`scan.untracked`), from a second read of the same files that counts only its requests.
 */
export async function focusedStory(files: readonly string[], opts: ScanOptions, scan: ScanResult, stories: Stories, want: { user?: string; device?: string }): Promise<Story> {
  const story = findStory(stories, want);
  if (story.requests > 0 || !scan.untracked) return story;
  const only = await scanFiles(files, { ...opts, only: { user: want.user || undefined, device: want.device || undefined } });
  return findStory(buildStories(only), want);
}

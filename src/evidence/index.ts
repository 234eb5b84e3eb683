// The IIS log evidence API: read W3C logs, tell each user's and device's ActiveSync story.
export { scanFiles, labelFor, LogReadError, type ScanOptions } from './scan-files.js';
export { resolveInputs, type InputProblem } from './inputs.js';
export { focusedStory } from './focus.js';
export type { Untracked } from './untracked.js';
export { buildStories, findStory, tellStory, worstFirst, type Stories, type Story, type StoryEntry, type StorySummary } from './stories.js';
export { classifyFacts, AUTH_LOOP_MIN, SEVERITY, type StoryFacts, type ClassifyContext, type Verdict } from './classify.js';
export { CONTINUE_AT } from './continue-at.js';
export { parseLogTokens, type LogTokens } from './log-tokens.js';
export { parseTimeBound, formatTimestamp } from './time.js';
export { usernameForm, canonicalUser, decodeLogValue } from './username.js';
export { LineScanner } from './line-scanner.js';
export { STORY_CLASSIFICATIONS, REQUEST_KINDS, type StoryClassification, type RequestKind, type ScanResult, type ScanPart, type UsernameForm } from './types.js';

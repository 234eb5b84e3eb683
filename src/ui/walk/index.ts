export { WalkScreen, type WalkScreenProps, type WalkServices } from './walk-screen.js';
export { advanceLog, emptyLog, logWithNotices, type LogItem, type LogState } from './log.js';
export { initialItem, probeStage, questionItems, RUN, UNKNOWN_RUNS_CHECK, type ProbeStage } from './probe-stage.js';
export { createProgressChannel, type ProgressChannel } from './progress.js';
export { walkKey, walkReducer, type WalkAction, type WalkCommand, type WalkMode, type WalkState } from './use-walk-state.js';

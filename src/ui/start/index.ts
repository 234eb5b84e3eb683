export { StartScreen, type StartScreenProps } from './start-screen.js';
export { startItems, startReducer, type RecentSession, type StartAction, type StartItem, type StartState } from './use-start-state.js';

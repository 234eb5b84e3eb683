export { StartScreen, type StartScreenProps } from './start-screen.js';
export { searchTrees, wordScore, type SearchHit } from './search.js';
export { startItems, startReducer, type RecentSession, type StartAction, type StartItem, type StartState } from './use-start-state.js';

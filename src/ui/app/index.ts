export { App, type AppProps, type ExitReason } from './app.js';
export { appReducer, type AppAction, type AppState } from './use-app-state.js';

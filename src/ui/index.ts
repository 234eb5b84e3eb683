// The terminal wizard. `eas-doctor run` loads this module only for interactive runs, so
// Ink and React stay out of the scripted and non-interactive paths.
export { runWizard, farewell, NOT_A_TERMINAL, type WizardOptions } from './run-wizard.js';
export { App, type AppProps, type ExitReason } from './app/index.js';
export { pickTheme, colorTheme, monoTheme, ThemeContext, type Theme } from './theme.js';

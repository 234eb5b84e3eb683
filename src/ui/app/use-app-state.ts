// Which screen shows: the start screen, a session being opened, or a walk. Pure reducer.
import { useReducer } from 'react';
import type { Session } from '../../session/session.js';

export type AppState =
  | { screen: 'start'; error?: string }
  | { screen: 'opening'; what: string }
  | { screen: 'walk'; session: Session; resumed: boolean; messages: string[] };

export type AppAction =
  | { type: 'opening'; what: string }
  | { type: 'opened'; session: Session; resumed: boolean; messages?: string[] }
  | { type: 'failed'; error: string };

export function appReducer(_s: AppState, a: AppAction): AppState {
  switch (a.type) {
    case 'opening':
      return { screen: 'opening', what: a.what };
    case 'opened':
      return { screen: 'walk', session: a.session, resumed: a.resumed, messages: a.messages ?? [] };
    case 'failed':
      return { screen: 'start', error: a.error };
  }
}

export function useAppState(initial: AppState) {
  return useReducer(appReducer, initial);
}

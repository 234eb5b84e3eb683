// Carries a running probe's progress ("connecting to 127.0.0.1:443") from the session's
// onProgress to the one component that shows it, without re-rendering the rest.
export interface ProgressChannel {
  emit: (action: string) => void;
  subscribe: (listener: (action: string) => void) => () => void;
}

export function createProgressChannel(): ProgressChannel {
  const listeners = new Set<(action: string) => void>();
  return {
    emit: (action) => {
      for (const l of listeners) l(action);
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

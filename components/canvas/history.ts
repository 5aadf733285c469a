// Undo/redo as a pure value: a stack of earlier graphs and one of undone ones. Typing in one field
// coalesces into one step (same key within a second), so Ctrl+Z undoes a word, not a letter.
export type History<T> = { past: T[]; future: T[]; lastKey: string | null; lastAt: number };

export const LIMIT = 100;
const COALESCE_MS = 1000;

export const emptyHistory = <T>(): History<T> => ({ past: [], future: [], lastKey: null, lastAt: 0 });

/** Remember `before` (the state an edit is about to replace). */
export function record<T>(h: History<T>, before: T, key: string | null = null, now = Date.now()): History<T> {
  if (key !== null && key === h.lastKey && now - h.lastAt < COALESCE_MS && h.past.length > 0) {
    return { ...h, future: [], lastAt: now };
  }
  const past = [...h.past, before];
  return { past: past.length > LIMIT ? past.slice(past.length - LIMIT) : past, future: [], lastKey: key, lastAt: now };
}

export function undo<T>(h: History<T>, current: T): { history: History<T>; value: T } | null {
  const value = h.past.at(-1);
  if (value === undefined) return null;
  return { history: { past: h.past.slice(0, -1), future: [...h.future, current], lastKey: null, lastAt: 0 }, value };
}

export function redo<T>(h: History<T>, current: T): { history: History<T>; value: T } | null {
  const value = h.future.at(-1);
  if (value === undefined) return null;
  return { history: { past: [...h.past, current], future: h.future.slice(0, -1), lastKey: null, lastAt: 0 }, value };
}

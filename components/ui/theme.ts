"use client";

// Light or dark: the user's choice (system, light, dark) is kept in localStorage; "system" follows
// prefers-color-scheme, live. The `dark` class on <html> is what the styles key on (app/globals.css
// swaps the palette under it), set before the first paint by theme-script.ts.
import { useCallback, useSyncExternalStore } from "react";
import { applyStoredTheme, THEME_KEY } from "./theme-script";

export type ThemeChoice = "system" | "light" | "dark";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];
const KEY = THEME_KEY;

const listeners = new Set<() => void>();
const subscribe = (onChange: () => void) => {
  listeners.add(onChange);
  // Another tab changed the choice: follow it here too.
  const onStorage = (e: StorageEvent) => {
    if (e.key !== KEY) return;
    applyStoredTheme(KEY);
    onChange();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
};

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

/** The stored choice and a setter that applies it at once. */
export function useThemeChoice(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as const);
  const set = useCallback((next: ThemeChoice) => {
    try {
      if (next === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // not kept, but still applied for this page
    }
    applyStoredTheme(KEY);
    listeners.forEach((l) => l());
  }, []);
  return [choice, set];
}

const subscribeToClass = (onChange: () => void) => {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
};

/** What is drawn now ("light" or "dark"), for widgets that take a mode, e.g. React Flow's colorMode. */
export function useColorMode(): "light" | "dark" {
  return useSyncExternalStore(
    subscribeToClass,
    () => (document.documentElement.classList.contains("dark") ? "dark" : "light"),
    () => "light",
  );
}

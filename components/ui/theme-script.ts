// The theme before the first paint (see theme.ts): applied to <html> by an inline script in
// app/layout.tsx, so a dark page never flashes light. Not a client module: the server layout reads
// `themeScript` as a string.

export const THEME_KEY = "hookline.theme";

/** Applies the stored choice to <html>. Self-contained: it is serialised into the inline script. */
export function applyStoredTheme(key: string) {
  let choice: string | null = null;
  try {
    choice = localStorage.getItem(key);
  } catch {
    // storage refused (private mode, policy): follow the system
  }
  const dark = choice === "dark" || (choice !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

/** The inline <head> script: the theme before paint, and again whenever the system's changes. */
export const themeScript = `(function(){var a=${applyStoredTheme.toString()};var k=${JSON.stringify(THEME_KEY)};a(k);try{matchMedia("(prefers-color-scheme: dark)").addEventListener("change",function(){a(k)})}catch(e){}})()`;

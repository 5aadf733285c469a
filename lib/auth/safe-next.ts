// Where to go after signing in. `next` comes from the sign-in URL (?next=), so anyone can craft a
// sign-in link with it: an absolute or protocol-relative URL there would send a user who has just
// signed in to another site (an open redirect, the classic phishing step). Only a path of this app
// is accepted. Browser-safe: the one check for every place that reads `next`.
export const AFTER_SIGN_IN = "/flows";

// Any origin works as the base: a result is kept only if resolving it did not leave it.
const BASE = "http://hookline.invalid";
// Browsers drop tabs and newlines from URLs and read "\" as "/" ("/\tevil", "/\evil" -> "//evil").
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\\]/;
// A path of this origin: "/" not followed by "/" or "\" (those make it protocol-relative).
const LOCAL_PATH = /^\/(?![/\\])/;

function decoded(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** `next` if it is a same-origin relative path (normalised), else `fallback`. */
export function safeNextPath(next: unknown, fallback = AFTER_SIGN_IN): string {
  if (typeof next !== "string" || next.length > 2048 || !LOCAL_PATH.test(next) || UNSAFE_CHAR.test(next))
    return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Normalising can itself produce "//" ("/.//evil" -> "//evil"); and a path that turns into one
  // when something decodes it once more ("/%2F%2Fevil", "/%5Cevil") is refused too.
  const plain = decoded(path);
  if (!LOCAL_PATH.test(path) || plain === null || !LOCAL_PATH.test(plain) || UNSAFE_CHAR.test(plain)) return fallback;
  return path;
}

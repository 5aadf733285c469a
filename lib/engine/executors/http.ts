// HTTP request node: resolves the templated config, sends the request with an Idempotency-Key,
// and classifies failures: 4xx (but 408/425/429) is permanent; 429/5xx/network are retried,
// honouring Retry-After.
import "server-only";
import { resolveDeep, resolveString } from "@/lib/flows/template";
import type { HttpRequestConfig } from "@/lib/nodes/catalog";
import { PermanentError, RetryLaterError } from "../step-error";
import type { NodeExecutor } from "./types";

export type HttpInput = { method: string; url: string; headers: Record<string, string>; body: unknown; timeoutMs: number };

const RETRIABLE_4XX = new Set([408, 425, 429]);

export const httpExecutor: NodeExecutor<HttpRequestConfig, HttpInput> = {
  resolve(config, scope) {
    const missing: string[] = [];
    const text = (t: string) => {
      const r = resolveString(t, scope);
      missing.push(...r.missing);
      return r.value === undefined || r.value === null ? "" : typeof r.value === "string" ? r.value : JSON.stringify(r.value);
    };
    const headers = Object.fromEntries(config.headers.map((h) => [h.name, text(h.value)]));
    const body = config.body.trim() === "" ? undefined : resolveDeep(JSON.parse(config.body), scope, missing).value;
    return { input: { method: config.method, url: text(config.url), headers, body, timeoutMs: config.timeoutMs }, missing };
  },

  async run(input, ctx) {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new PermanentError(`Invalid URL "${input.url}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new PermanentError(`Only http and https URLs are allowed, not ${url.protocol}`);
    // Headers are case-insensitive: the node's own headers replace the defaults, whatever their case.
    const headers = new Headers({ "idempotency-key": ctx.idempotencyKey, "user-agent": "Hookline/0.1" });
    try {
      for (const [name, value] of Object.entries(input.headers)) headers.set(name, value);
    } catch (e) {
      throw new PermanentError(`Invalid header: ${(e as Error).message}`);
    }
    const hasBody = input.body !== undefined && input.method !== "GET";
    if (hasBody && !headers.has("content-type")) headers.set("content-type", "application/json");
    let res: Response;
    try {
      res = await fetch(url, {
        method: input.method,
        headers,
        body: hasBody ? JSON.stringify(input.body) : undefined,
        signal: AbortSignal.timeout(input.timeoutMs),
        redirect: "manual",
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const reason = err.name === "TimeoutError" ? `timed out after ${input.timeoutMs} ms` : (err.cause?.code ?? err.message);
      throw new Error(`${input.method} ${url.host}${url.pathname} failed: ${reason}`);
    }
    const type = res.headers.get("content-type") ?? "";
    const raw = await res.text();
    let body: unknown = raw;
    if (/json/i.test(type)) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const output = { status: res.status, headers: Object.fromEntries(res.headers.entries()), body };
    if (res.ok || (res.status >= 300 && res.status < 400)) return output;
    const message = `${input.method} ${url.host}${url.pathname} answered ${res.status}: ${raw.slice(0, 300)}`;
    if (res.status >= 400 && res.status < 500 && !RETRIABLE_4XX.has(res.status)) throw new PermanentError(message);
    const retryAfter = res.headers.get("retry-after");
    if (retryAfter) {
      const seconds = Number(retryAfter);
      const ms = Number.isNaN(seconds) ? Date.parse(retryAfter) - Date.now() : seconds * 1000;
      if (Number.isFinite(ms) && ms > 0) throw new RetryLaterError(message, ms);
    }
    throw new Error(message);
  },
};

// The app contract: what one app folder (lib/apps/<app>/index.ts) declares. Browser-safe: the
// palette, the generated config forms and the credential forms read it. Everything that touches
// a secret or the network is server-only (lib/apps/server/*).
import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One field of an API key auth, and where the vendor wants it. "path": in the URL path, where the
 * operation's path says `{<name>}` (Telegram's /bot<token>/…); put there at send time only.
 * "host": not a secret but the account's own host, where the app's `baseUrl` says `{<name>}` (a
 * Shopify shop's domain); its `schema` decides which hosts an account may name, so the host stays
 * the app's: checked when the account is saved and again before every call.
 */
export type ApiKeyPart = {
  name: string;
  label: string;
  in: "header" | "query" | "path" | "host";
  prefix?: string;
  /** The field's own check and normalisation (a "host" part must have one); default: any text. */
  schema?: z.ZodType<string, string>;
  /** An example of the value, shown in the empty field of the account form ("your-shop.myshopify.com"). */
  hint?: string;
};

export type OAuth2Auth = {
  kind: "oauth2";
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 revocation endpoint, when the vendor has one (called on disconnect). */
  revocationUrl?: string;
  scopes: string[];
  /** How the client authenticates at the token endpoint. */
  clientAuth: "client_secret_basic" | "client_secret_post";
  /** Extra query parameters of the authorization request (e.g. Google's access_type=offline). */
  authorizationParams?: Record<string, string>;
  /** Where to find the vendor's console page for registering the redirect URL. */
  consoleUrl: string;
};

export type AppAuth =
  | { kind: "apiKey"; parts: ApiKeyPart[] }
  | { kind: "bearer"; label: string }
  | { kind: "basic"; usernameLabel: string; passwordLabel: string }
  | OAuth2Auth;

export type AuthKind = AppAuth["kind"];

/** A request an operation builds: a path under the app's base URL, never another host. */
export type AppRequest = {
  method: HttpMethod;
  /** One of the app's `otherBaseUrls` by name; absent = `baseUrl`. */
  base?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: { json: unknown } | { form: Record<string, string> };
};

/** How the vendor takes an idempotency key (the engine's is "<run id>:<step id>"). */
export type Idempotency =
  | { kind: "header"; header: string }
  /**
   * Inside the request the operation builds (Shopify's `@idempotent(key:)` directive): `request`
   * puts the key it is given there. `where` says where, for the docs.
   */
  | { kind: "request"; where: string }
  /** Nothing to send: a retried call may repeat the effect, or the call is naturally idempotent. */
  | { kind: "none"; why: string };

/** What the engine gives an operation's request builder besides the fields. */
export type RequestContext = {
  /** "<run id>:<step id>": the same on every retry of the step, another for every other step or run. */
  idempotencyKey: string;
};

export type AppOperation<S extends z.ZodObject = z.ZodObject> = {
  /** Unique within the app, camelCase: the node type is `app:<app>.<id>`. */
  id: string;
  label: string;
  description: string;
  /** The fields the editor fills (strings may hold {{ references }}); rendered by the schema form. */
  fields: S;
  defaults: z.input<S>;
  /** Writes something at the vendor (skipped in dry runs, needs confirmation in "test this step"). */
  sideEffect: boolean;
  idempotency: Idempotency;
  /** Fields resolved (templates filled in) -> the vendor's request. Throw an Error for bad input. */
  request: (input: z.output<S>, ctx: RequestContext) => AppRequest;
  /** The vendor's answer (parsed JSON or text) -> a clean output for later steps. */
  output: (body: unknown, input: z.output<S>) => unknown;
  /**
   * A second call that depends on the first answer (e.g. find the row, then update it); null when
   * none is needed. The output then maps the second answer.
   */
  next?: (body: unknown, input: z.output<S>) => AppRequest | null;
  summary?: (input: z.output<S>) => string;
};

export type AppDefinition = {
  /** Lowercase letters and digits: the folder name, the credential type `app:<id>`, env var names. */
  id: string;
  name: string;
  /** public/apps/<id>.svg */
  logo: string;
  description: string;
  /**
   * Every request goes here (an operation's path is appended); overridable only by the operator's env.
   * A `{<name>}` in its host is filled from the account's "host" part (Shopify's https://{shop}/…).
   */
  baseUrl: string;
  /** More hosts of the same vendor, by name (e.g. Google's Drive API for the spreadsheet picker). */
  otherBaseUrls?: Record<string, string>;
  auth: AppAuth;
  operations: AppOperation[];
  /** The vendor's error message from an error answer's body, shown in the step. */
  errorMessage: (body: unknown) => string | undefined;
  /**
   * For a vendor that says how long to wait in the answer's body rather than a Retry-After header
   * (Telegram's parameters.retry_after), or that answers a rate limit with 200 (Shopify's THROTTLED
   * GraphQL error): the milliseconds to wait when this answer is a rate limit, else undefined.
   * Retry-After, when sent, wins; an answer that is permanent by its status stays permanent.
   */
  retryAfterMs?: (body: unknown, status: number) => number | undefined;
  /** Field pickers: field name -> how to list its options (see lib/apps/options.ts). */
  options?: Record<string, OptionSource>;
};

/** A list of choices for one field, fetched with the chosen credential. */
export type OptionSource = {
  /** Fields the request needs (e.g. the board for a list of lists). */
  dependsOn?: string[];
  request: (values: Record<string, string>) => AppRequest;
  /** The vendor's answer -> [{ value, label }]. */
  map: (body: unknown) => Array<{ value: string; label: string }>;
};

export const defineApp = (app: AppDefinition) => app;

/** Keeps each operation's field types for its request builder, erased in the app's list. */
export const defineOperation = <S extends z.ZodObject>(op: AppOperation<S>) => op as unknown as AppOperation;

/**
 * Summit's API from TypeScript: openapi-fetch typed by `schema.d.ts`, which openapi-typescript
 * generates from the OpenAPI schema (`make client-ts`), with the token, the language, retries on a
 * busy server (503, or 429 with a short Retry-After) and cursor pages handled once.
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type Schemas = components["schemas"];
export type Claim = Schemas["Claim"];
export type ClaimBrief = Schemas["ClaimBrief"];
export type Attribution = Schemas["Attribution"];
export type AttributionStatement = Schemas["AttributionStatement"];
export type Contradiction = Schemas["Contradiction"];
/** The API's error body (`status`, `code`, `detail`, `errors`); not `Error`, the global's name. */
export type ApiError = Schemas["Error"];
export type SummitClient = Client<paths>;

export interface SummitOptions {
  /** The origin serving the API, e.g. "http://127.0.0.1:8000"; paths carry `/api/v1/`. */
  baseUrl: string;
  /** A fact-checker's token, sent as `Authorization: Token <key>` (writes need one). */
  token?: string;
  /** `Accept-Language` of every request: "vi" or "en". */
  language?: string;
  /** How many times a refused request (503, or 429) is sent again; 3 unless given. */
  retries?: number;
  /** The longest Retry-After honoured, in seconds: a longer wait returns the refusal. */
  maxWaitSeconds?: number;
  /** Told before each wait, e.g. to show that the server is busy. */
  onRetry?: (status: number, seconds: number) => void;
}

export function createSummitClient(options: SummitOptions): SummitClient {
  const headers: Record<string, string> = {};
  if (options.token) headers["Authorization"] = `Token ${options.token}`;
  if (options.language) headers["Accept-Language"] = options.language;
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers,
    fetch: retrying(options),
  });
}

/** The seconds a Retry-After header asks for (delta-seconds or an HTTP date); 1 when absent. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === "") return 1;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, Math.ceil((date - now) / 1000));
}

function retrying(options: SummitOptions): (request: Request) => Promise<Response> {
  const retries = options.retries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 10;
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      // A request's body is read once: each attempt sends a copy.
      const response = await fetch(request.clone());
      if (attempt >= retries || (response.status !== 503 && response.status !== 429)) return response;
      const seconds = retryAfterSeconds(response.headers.get("Retry-After"));
      if (seconds > maxWait) return response;
      options.onRetry?.(response.status, seconds);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  };
}

/** What a paginated answer says about the next page. */
export interface PageLinks {
  next?: string | null;
  next_cursor?: string | null;
}

/** The cursor of the next page: `next_cursor` where the answer has it, else `next`'s parameter. */
export function nextCursor(page: PageLinks): string | null {
  if (page.next_cursor !== undefined) return page.next_cursor;
  if (!page.next) return null;
  return new URL(page.next, "http://summit.invalid/").searchParams.get("cursor");
}

/** Every page in turn: `fetchPage` gets the cursor (none for the first page). */
export async function* pages<P extends PageLinks>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
): AsyncGenerator<P> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield page;
    cursor = nextCursor(page) ?? undefined;
  } while (cursor !== undefined);
}

/** A refused or failed request: the status and the API's message, for a person to act on. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiError> | undefined,
  ) {
    super(body?.detail ? `${status}: ${body.detail}` : `HTTP ${status}`);
    this.name = "ApiFailure";
  }
}

/** The data of a successful answer, or an ApiFailure. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  const body = typeof result.error === "object" && result.error !== null ? result.error : undefined;
  throw new ApiFailure(result.response.status, body as Partial<ApiError> | undefined);
}

/**
 * A tour of Summit's API with the TypeScript client, run under Node against a live server:
 * lists claims, searches without accents, follows cursors, reads a claim's attribution and
 * contradictions, then, as a fact-checker, updates a claim with If-Match and sees the stale
 * ETag refused (412). Any unexpected answer ends it with exit status 1.
 *
 *   npm run build:example && node build/tour.mjs http://127.0.0.1:8000 TOKEN
 *
 * The base URL and the token may come from SUMMIT_BASE_URL and SUMMIT_TOKEN instead; without a
 * token, `--read-only` skips the fact-checker's part.
 */
import { ApiFailure, createSummitClient, nextCursor, ok, pages } from "../src/client";

const args = process.argv.slice(2);
const readOnly = args.includes("--read-only");
const [baseUrl = process.env.SUMMIT_BASE_URL, token = process.env.SUMMIT_TOKEN] = args.filter(
  (arg) => !arg.startsWith("--"),
);
if (!baseUrl || (!token && !readOnly)) {
  console.error("usage: tour BASE_URL [TOKEN] [--read-only] (or SUMMIT_BASE_URL, SUMMIT_TOKEN)");
  process.exit(2);
}

const reader = createSummitClient({ baseUrl, language: "en" });

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`unexpected: ${message}`);
}

/** Lower case, accents dropped, đ as d: what the API's search compares. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/gi, "d").toLowerCase();
}

async function listClaims(): Promise<void> {
  const page = ok(await reader.GET("/api/v1/claims/", { params: { query: { page_size: 5 } } }));
  expect(page.results.length > 0, "the first page of claims is empty");
  console.log(`claims: the first page has ${page.results.length}, next cursor ${nextCursor(page)}`);
  for (const claim of page.results) console.log(`  #${claim.id} ${claim.speaker.name}: ${claim.summary}`);
}

async function searchWithoutAccents(words: string): Promise<void> {
  const page = ok(await reader.GET("/api/v1/claims/", { params: { query: { q: words } } }));
  const matching = page.results.filter((claim) => fold(JSON.stringify(claim)).includes(fold(words)));
  expect(matching.length > 0, `searching "${words}" found no claim spelling it with accents`);
  console.log(
    `search "${words}": ${page.results.length} claim(s) on the first page, e.g. #${matching[0].id}`,
  );
}

async function followCursors(): Promise<void> {
  const seen = new Set<number>();
  let count = 0;
  for await (const page of pages(async (cursor) =>
    ok(await reader.GET("/api/v1/claims/", { params: { query: { page_size: 20, cursor } } })),
  )) {
    count += 1;
    for (const claim of page.results) {
      expect(!seen.has(claim.id), `claim ${claim.id} came twice while paging`);
      seen.add(claim.id);
    }
  }
  expect(count > 1, "the claims fit one page of 20: paging was not exercised");
  console.log(`cursors: ${seen.size} claims over ${count} pages`);
}

async function attributionAndContradictions(): Promise<number> {
  const page = ok(
    await reader.GET("/api/v1/claims/", { params: { query: { has_contradictions: true, page_size: 1 } } }),
  );
  expect(page.results.length === 1, "no claim has a contradiction");
  const id = page.results[0].id;
  const attribution = ok(await reader.GET("/api/v1/claims/{id}/attribution/", { params: { path: { id } } }));
  expect(attribution.claim.id === id, "the attribution is of another claim");
  expect(attribution.statements.length > 0, `claim ${id} has no statement`);
  console.log(`attribution of #${id}: ${attribution.statements.length} statement(s)`);
  for (const statement of attribution.statements) {
    const via = statement.via.map((hop) => hop.speaker?.name ?? hop.outlet?.name ?? "?");
    const chain = [statement.speaker.name, ...via, statement.outlet?.name ?? "?"].join(" → ");
    console.log(`  ${chain}: "${statement.quote}" (${statement.article.key})`);
  }
  const contradictions = ok(
    await reader.GET("/api/v1/claims/{id}/contradictions/", { params: { path: { id } } }),
  );
  expect(contradictions.results.length > 0, `claim ${id} is said to have contradictions but lists none`);
  for (const contradiction of contradictions.results) {
    const claims = contradiction.claims.map((claim) => `#${claim.id}`).join(", ");
    console.log(
      `  contradiction #${contradiction.id} (${contradiction.kind}, ${contradiction.status}): ${claims}`,
    );
  }
  return id;
}

async function conditionalUpdate(id: number, key: string): Promise<void> {
  const checker = createSummitClient({ baseUrl: baseUrl!, token: key, language: "en" });
  // The ETag of what this fact-checker sees: anonymous readers see less, so another tag.
  const read = await checker.GET("/api/v1/claims/{id}/", { params: { path: { id } } });
  const claim = ok(read);
  const etag = read.response.headers.get("ETag");
  expect(etag, "the claim's detail has no ETag");

  const fresh = await checker.GET("/api/v1/claims/{id}/", {
    params: { path: { id } },
    headers: { "If-None-Match": etag },
  });
  expect(fresh.response.status === 304, `If-None-Match with the current ETag gave ${fresh.response.status}`);

  const update = await checker.PATCH("/api/v1/claims/{id}/", {
    params: { path: { id }, header: { "If-Match": etag } },
    body: { stance: claim.stance },
  });
  ok(update);
  const newEtag = update.response.headers.get("ETag");
  expect(newEtag && newEtag !== etag, "the update did not change the ETag");
  console.log(`If-Match ${etag}: ${update.response.status}, now ${newEtag}`);

  const stale = await checker.PATCH("/api/v1/claims/{id}/", {
    params: { path: { id }, header: { "If-Match": etag } },
    body: { stance: claim.stance },
  });
  expect(stale.response.status === 412, `the stale ETag gave ${stale.response.status}, not 412`);
  console.log(
    `If-Match ${etag} again: 412, "${stale.error && "detail" in stale.error ? stale.error.detail : ""}"`,
  );
}

try {
  await listClaims();
  await searchWithoutAccents("dam phan");
  await followCursors();
  const id = await attributionAndContradictions();
  if (token) await conditionalUpdate(id, token);
  else console.log("no token: the fact-checker's part skipped (--read-only)");
  console.log("tour: every answer as expected");
} catch (error) {
  console.error(error instanceof ApiFailure ? `API refused: ${error.message}` : String(error));
  process.exit(1);
}

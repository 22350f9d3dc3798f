/** The reference page's views: a list of claims (latest or found) and one claim's page. */
import {
  ApiFailure,
  type Attribution,
  type AttributionStatement,
  type Claim,
  type ClaimBrief,
  type Contradiction,
  type SummitClient,
  nextCursor,
  ok,
} from "../src/client";
import { h } from "./dom";
import { type Language, type MessageKey, choice } from "./i18n";

export interface Context {
  api: SummitClient;
  language: Language;
  t: (key: MessageKey, values?: Record<string, string>) => string;
}

/** What went wrong, for the reader: the API's own message where it gave one. */
export function failureBox(error: unknown, context: Context, retry?: () => void): HTMLElement {
  const detail = error instanceof ApiFailure || error instanceof Error ? error.message : String(error);
  const box = h(
    "div",
    { class: "error", role: "alert" },
    h("strong", {}, `${context.t("failed")}: `),
    detail,
  );
  if (retry) {
    const again = h("button", { type: "button" }, context.t("retry"));
    again.onclick = retry;
    box.append(" ", again);
  }
  return box;
}

/** A claim's summary in the page's language where the claim has one. */
function summaryOf(claim: ClaimBrief | Claim, language: Language): string {
  const vietnamese = (claim as { summary_vi?: string | null }).summary_vi;
  return language === "vi" && vietnamese ? vietnamese : claim.summary;
}

function claimItem(claim: Claim, context: Context): HTMLLIElement {
  const meta = [claim.speaker.name, choice(context.language, "stance", claim.stance), claim.topic.name];
  if (claim.said_on) meta.push(claim.said_on);
  return h(
    "li",
    { class: "claim-item" },
    h("a", { href: `#/claims/${claim.id}` }, summaryOf(claim, context.language)),
    h("p", { class: "meta" }, meta.join(" · ")),
  );
}

/** The latest claims, or those matching `q`, a page at a time. */
export async function claimList(q: string, context: Context): Promise<HTMLElement> {
  const heading = q ? context.t("resultsFor", { q }) : context.t("latest");
  const list = h("ul", { class: "claims" });
  const more = h("button", { type: "button", class: "more" }, context.t("more"));
  const section = h("section", { class: "claim-list" }, h("h1", {}, heading), list);

  const load = async (cursor: string | undefined): Promise<void> => {
    const query = { page_size: 10, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) };
    const page = ok(await context.api.GET("/api/v1/claims/", { params: { query } }));
    if (!cursor && page.results.length === 0) {
      section.append(h("p", { class: "empty" }, context.t("noResults", { q })));
    }
    list.append(...page.results.map((claim) => claimItem(claim, context)));
    const next = nextCursor(page);
    if (next) {
      more.onclick = () => {
        more.disabled = true;
        load(next)
          .catch((error: unknown) => section.append(failureBox(error, context)))
          .finally(() => (more.disabled = false));
      };
      section.append(more);
    } else {
      more.remove();
    }
  };
  await load(undefined);
  return section;
}

function chain(statement: AttributionStatement, first: boolean, context: Context): HTMLLIElement {
  const hops = [
    statement.speaker.name,
    ...statement.via.map((hop) => hop.speaker?.name ?? hop.outlet?.name ?? "?"),
    ...(statement.outlet ? [statement.outlet.name] : []),
  ];
  const path: Node[] = [];
  hops.forEach((hop, index) => {
    if (index > 0) path.push(h("span", { class: "arrow", "aria-hidden": "true" }, " → "));
    path.push(h("span", { class: "hop" }, hop));
  });
  const meta = [choice(context.language, "mode", statement.mode)];
  if (statement.published_on) meta.push(context.t("published", { date: statement.published_on }));
  if (first) meta.push(context.t("firstAppearance"));
  return h(
    "li",
    { class: "statement" },
    h("blockquote", { lang: "vi" }, statement.quote),
    h("p", { class: "chain" }, ...path, h("span", { class: "article" }, ` — ${statement.article.name}`)),
    h("p", { class: "meta" }, meta.join(" · ")),
  );
}

function contradictionItem(contradiction: Contradiction, id: number, context: Context): HTMLLIElement {
  const others = contradiction.claims.filter((claim) => claim.id !== id);
  const statements = contradiction.statements ?? [];
  return h(
    "li",
    { class: "contradiction" },
    h(
      "p",
      { class: "kind" },
      `${choice(context.language, "kind", contradiction.kind)} · ${choice(context.language, "status", contradiction.status)}`,
    ),
    others.length > 0 &&
      h(
        "p",
        { class: "against" },
        `${context.t("against")}: `,
        ...others.map((claim) =>
          h(
            "a",
            { href: `#/claims/${claim.id}` },
            `${claim.speaker.name} (${choice(context.language, "stance", claim.stance)}): ${summaryOf(claim, context.language)}`,
          ),
        ),
      ),
    statements.length > 0 &&
      h(
        "div",
        { class: "differing" },
        h("p", {}, context.t("differingStatements")),
        h(
          "ul",
          {},
          statements.map((statement) =>
            h("li", {}, h("q", { lang: "vi" }, statement.quote), ` — ${statement.article.name}`),
          ),
        ),
      ),
  );
}

function facts(attribution: Attribution, context: Context): HTMLDListElement {
  const claim = attribution.claim;
  const rows: [MessageKey, string | null | undefined][] = [
    ["speaker", claim.speaker.name],
    ["topic", claim.topic.name],
    ["stance", choice(context.language, "stance", claim.stance)],
    ["event", claim.event?.name],
    ["saidOn", claim.said_on],
    ["verdict", claim.verdict ? claim.verdict.textual_rating || claim.verdict.rating : null],
  ];
  return h(
    "dl",
    { class: "facts" },
    rows
      .filter(([, value]) => value)
      .map(([key, value]) => [h("dt", {}, context.t(key)), h("dd", {}, value)])
      .flat(),
  );
}

/** One claim: what it says, each statement with its chain of intermediaries, its contradictions. */
export async function claimPage(id: number, context: Context): Promise<HTMLElement> {
  const [attribution, contradictions] = await Promise.all([
    context.api.GET("/api/v1/claims/{id}/attribution/", { params: { path: { id } } }).then(ok),
    context.api
      .GET("/api/v1/claims/{id}/contradictions/", { params: { path: { id }, query: { page_size: 100 } } })
      .then(ok),
  ]);
  const firstId = attribution.first_appearance?.id;
  const statements = attribution.statements;
  return h(
    "article",
    { class: "claim" },
    h("p", { class: "back" }, h("a", { href: "#/" }, context.t("allClaims"))),
    h("h1", {}, summaryOf(attribution.claim, context.language)),
    facts(attribution, context),
    h(
      "section",
      { class: "statements" },
      h("h2", {}, `${context.t("statements")} (${statements.length})`),
      statements.length > 0
        ? h(
            "ol",
            {},
            statements.map((statement) => chain(statement, statement.id === firstId, context)),
          )
        : h("p", { class: "empty" }, context.t("noStatements")),
    ),
    h(
      "section",
      { class: "contradictions" },
      h("h2", {}, `${context.t("contradictions")} (${contradictions.results.length})`),
      contradictions.results.length > 0
        ? h(
            "ul",
            {},
            contradictions.results.map((contradiction) => contradictionItem(contradiction, id, context)),
          )
        : h("p", { class: "empty" }, context.t("noContradictions")),
    ),
  );
}

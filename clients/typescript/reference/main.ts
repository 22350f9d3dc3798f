/**
 * The reference page at `/`: a read-only explorer of claims built on the TypeScript client.
 * Routes are in the fragment: `#/` the latest claims, `#/?q=words` a search, `#/claims/ID` a claim.
 * The API is this page's origin unless `<meta name="summit-api">` names another.
 */
import { createSummitClient } from "../src/client";
import { h } from "./dom";
import { type Language, type MessageKey, preferredLanguage, translate } from "./i18n";
import { type Context, claimList, claimPage, failureBox } from "./views";

const LANGUAGE_KEY = "summit.language";

function apiBase(): string {
  const configured = document.querySelector<HTMLMetaElement>('meta[name="summit-api"]')?.content;
  return configured || window.location.origin;
}

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null; // storage refused (private mode, sandbox): the browser's language decides
  }
}

let language: Language = preferredLanguage(storedLanguage(), navigator.languages);
// Each render has a number; an answer for an older one is dropped.
let renderCount = 0;

const notice = h("p", { class: "notice", role: "status", "aria-live": "polite" });
const view = h("main", { id: "view" });

function t(key: MessageKey, values?: Record<string, string>): string {
  return translate(language, key, values);
}

function context(): Context {
  const api = createSummitClient({
    baseUrl: apiBase(),
    language,
    onRetry: (_status, seconds) => (notice.textContent = t("busy", { seconds: String(seconds) })),
  });
  return { api, language, t };
}

function route(): { q: string } | { claim: number } {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const claim = /^claims\/(\d+)\/?$/.exec(hash);
  if (claim) return { claim: Number(claim[1]) };
  return { q: new URLSearchParams(hash.replace(/^[^?]*\??/, "")).get("q")?.trim() ?? "" };
}

async function render(): Promise<void> {
  const current = ++renderCount;
  const where = route();
  const input = document.querySelector<HTMLInputElement>("#q");
  if (input) input.value = "q" in where ? where.q : "";
  view.replaceChildren(h("p", { class: "loading" }, t("loading")));
  const pageContext = context();
  let content: HTMLElement;
  try {
    content =
      "claim" in where ? await claimPage(where.claim, pageContext) : await claimList(where.q, pageContext);
  } catch (error) {
    content = failureBox(error, pageContext, () => void render());
  }
  if (current !== renderCount) return;
  notice.textContent = "";
  view.replaceChildren(content);
}

function header(): HTMLElement {
  const input = h("input", {
    id: "q",
    type: "search",
    name: "q",
    placeholder: t("searchPlaceholder"),
    "aria-label": t("searchLabel"),
  });
  const form = h(
    "form",
    { class: "search", role: "search" },
    input,
    h("button", { type: "submit" }, t("search")),
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    const q = input.value.trim();
    window.location.hash = q ? `#/?q=${encodeURIComponent(q)}` : "#/";
  };
  const languages = h(
    "nav",
    { class: "languages", "aria-label": "Language / Ngôn ngữ" },
    (["vi", "en"] as const).map((code) => {
      const button = h(
        "button",
        { type: "button", lang: code, "aria-pressed": String(code === language) },
        code === "vi" ? "Tiếng Việt" : "English",
      );
      button.onclick = () => setLanguage(code);
      return button;
    }),
  );
  return h(
    "header",
    { class: "masthead" },
    h(
      "div",
      { class: "brand" },
      h("a", { href: "#/" }, "Summit"),
      h("span", { class: "tagline" }, t("tagline")),
    ),
    languages,
    form,
  );
}

function footer(): HTMLElement {
  return h("footer", {}, h("a", { href: `${apiBase()}/api/docs/` }, t("docs")));
}

function layout(): void {
  document.documentElement.lang = language;
  document.body.replaceChildren(header(), notice, view, footer());
}

function setLanguage(code: Language): void {
  language = code;
  try {
    window.localStorage.setItem(LANGUAGE_KEY, code);
  } catch {
    // kept for this page only
  }
  layout();
  void render();
}

window.addEventListener("hashchange", () => void render());
layout();
void render();

/** The reference page's own words, in Vietnamese and English; the API's content comes in the language asked for. */

export type Language = "vi" | "en";

const en = {
  tagline: "Claims about the 2021 Putin–Biden summits, their sources and contradictions",
  search: "Search",
  searchLabel: "Search claims",
  searchPlaceholder: "e.g. dam phan, NATO, Điện Kremlin",
  latest: "Latest claims",
  resultsFor: "Claims matching “{q}”",
  noResults: "No claim matches “{q}”.",
  more: "More claims",
  loading: "Loading…",
  busy: "The server is busy: trying again in {seconds} s…",
  failed: "The API could not answer",
  retry: "Try again",
  allClaims: "← All claims",
  speaker: "Speaker",
  topic: "Topic",
  stance: "Stance",
  event: "Event",
  saidOn: "Said on",
  verdict: "Verdict",
  statements: "Statements and how each reached its article",
  noStatements: "No published statement of this claim.",
  firstAppearance: "first appearance",
  published: "published {date}",
  contradictions: "Contradictions",
  noContradictions: "No contradiction with this claim.",
  against: "Against",
  differingStatements: "Statements that differ",
  docs: "API documentation",
  "stance.supports": "supports",
  "stance.opposes": "opposes",
  "stance.neutral": "neutral",
  "mode.direct": "direct speech",
  "mode.indirect": "indirect speech",
  "kind.opposing": "opposing stances",
  "kind.reversal": "reversal",
  "kind.discrepancy": "discrepancy between sources",
  "status.confirmed": "confirmed",
  "status.suspected": "suspected",
  "status.dismissed": "dismissed",
};

export type MessageKey = keyof typeof en;

const vi: Record<MessageKey, string> = {
  tagline: "Các phát ngôn về những cuộc hội đàm Putin–Biden năm 2021, nguồn tin và mâu thuẫn giữa chúng",
  search: "Tìm",
  searchLabel: "Tìm phát ngôn",
  searchPlaceholder: "ví dụ: đàm phán, NATO, Dien Kremlin",
  latest: "Phát ngôn mới nhất",
  resultsFor: "Phát ngôn khớp với “{q}”",
  noResults: "Không có phát ngôn nào khớp với “{q}”.",
  more: "Xem thêm",
  loading: "Đang tải…",
  busy: "Máy chủ đang bận: thử lại sau {seconds} giây…",
  failed: "API không trả lời được",
  retry: "Thử lại",
  allClaims: "← Tất cả phát ngôn",
  speaker: "Người phát ngôn",
  topic: "Chủ đề",
  stance: "Lập trường",
  event: "Sự kiện",
  saidOn: "Ngày phát ngôn",
  verdict: "Kết luận",
  statements: "Các trích dẫn và con đường đến từng bài báo",
  noStatements: "Chưa có trích dẫn nào của phát ngôn này được công bố.",
  firstAppearance: "lần xuất hiện đầu tiên",
  published: "đăng ngày {date}",
  contradictions: "Mâu thuẫn",
  noContradictions: "Phát ngôn này không có mâu thuẫn nào.",
  against: "Đối lập với",
  differingStatements: "Các trích dẫn khác nhau",
  docs: "Tài liệu API",
  "stance.supports": "ủng hộ",
  "stance.opposes": "phản đối",
  "stance.neutral": "trung lập",
  "mode.direct": "trích dẫn trực tiếp",
  "mode.indirect": "trích dẫn gián tiếp",
  "kind.opposing": "lập trường đối lập",
  "kind.reversal": "đổi ý",
  "kind.discrepancy": "các nguồn không khớp nhau",
  "status.confirmed": "đã xác nhận",
  "status.suspected": "nghi vấn",
  "status.dismissed": "đã bác bỏ",
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, vi };

export function translate(language: Language, key: MessageKey, values: Record<string, string> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "");
}

/** A value of one of the API's choice sets (stance, mode, kind, status) in words. */
export function choice(language: Language, set: string, value: string): string {
  const key = `${set}.${value}`;
  return key in en ? translate(language, key as MessageKey) : value;
}

export function preferredLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === "vi" || stored === "en") return stored;
  return browser
    .find((tag) => /^(vi|en)\b/i.test(tag))
    ?.toLowerCase()
    .startsWith("vi")
    ? "vi"
    : "en";
}

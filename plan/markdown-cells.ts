/**
 * Markdown table cells and inline text for a pull-request comment, shared by the plan report and
 * the decision records. GitHub lets a table shrink to its longest unbreakable words and then breaks words
 * where it may: a date becomes unbreakable (non-breaking hyphens, U+2011), and an address or ARN
 * may break after its separators (<wbr>: GitHub's sanitizer keeps it, see the allowlist in
 * gjtorikian/html-pipeline lib/html_pipeline/sanitization_filter.rb), so the table fits instead of
 * scrolling and no date splits over two lines.
 */
export const DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
export const cell = (text: string) =>
  text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ")
    .replace(DATE, "$1\u2011$2\u2011$3");
/** Long words (addresses, ARNs, URLs) may break after : and / (a URL's :// as one) and before @. */
export const breakLongWords = (text: string) => text.replace(/\S{21,}/g, (word) => word.replace(/(:\/\/|[:/])(?=\S)/g, "$1<wbr>").replace(/(?<=\S)@/g, "<wbr>@"));
/** Plain text whose long words may break, Markdown's own characters escaped. */
export const breakable = (text: string) => breakLongWords(cell(text).replace(/[*_`[\]<>]/g, "\\$&"));
export const date = (text: string) => text.replace(DATE, "$1\u2011$2\u2011$3");
/** Free text (policy messages and fixes): angle brackets would be taken for HTML tags and vanish. */
export const prose = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
export const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

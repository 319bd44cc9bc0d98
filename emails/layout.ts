// Every email is built from one list of blocks rendered twice, as plain text and as HTML, so the
// two parts cannot drift apart: someone whose mail client shows only the text part reads the
// same thing as someone who sees the HTML.

export const SERVICE_NAME = "Safeguarding self-assessment";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export type EmailBlock =
  | { kind: "paragraph"; text: string }
  | { kind: "heading"; text: string }
  /** Printed in full (in the HTML too) so the reader can see where it goes before following it. */
  | { kind: "link"; href: string }
  | { kind: "list"; items: string[] }
  | { kind: "summary"; rows: [label: string, value: string][] };

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export const paragraph = (text: string): EmailBlock => ({ kind: "paragraph", text });
export const heading = (text: string): EmailBlock => ({ kind: "heading", text });
export const link = (href: string): EmailBlock => ({ kind: "link", href });
export const list = (items: string[]): EmailBlock => ({ kind: "list", items });
export const summary = (rows: [string, string][]): EmailBlock => ({ kind: "summary", rows });

function checkedHref(href: string): string {
  // Only web links: anything else in an email is either a mistake or an attack.
  if (!/^https?:\/\//i.test(href)) throw new Error("An email link must start with http:// or https://");
  return href;
}

function renderText(block: EmailBlock): string {
  switch (block.kind) {
    case "paragraph":
      return block.text;
    case "heading":
      return block.text;
    case "link":
      return checkedHref(block.href);
    case "list":
      return block.items.map((item) => `- ${item}`).join("\n");
    case "summary":
      return block.rows.map(([label, value]) => `${label}: ${value}`).join("\n");
  }
}

const font = "font-family: Arial, sans-serif; color: #0b0c0c;";
const bodyText = `${font} font-size: 19px; line-height: 1.4;`;

function renderHtml(block: EmailBlock): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="${bodyText} margin: 0 0 20px 0;">${escapeHtml(block.text)}</p>`;
    case "heading":
      return `<h2 style="${font} font-size: 24px; line-height: 1.25; font-weight: bold; margin: 30px 0 15px 0;">${escapeHtml(block.text)}</h2>`;
    case "link": {
      const href = escapeHtml(checkedHref(block.href));
      return `<p style="${bodyText} margin: 0 0 20px 0;"><a href="${href}" style="color: #1d70b8; text-decoration: underline; word-break: break-all;">${href}</a></p>`;
    }
    case "list":
      return `<ul style="${bodyText} margin: 0 0 20px 0; padding-left: 20px;">${block.items
        .map((item) => `<li style="margin-bottom: 5px;">${escapeHtml(item)}</li>`)
        .join("")}</ul>`;
    case "summary":
      return `<table style="${bodyText} border-collapse: collapse; margin: 0 0 20px 0;">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align: left; vertical-align: top; font-weight: bold; padding: 5px 20px 5px 0; border-bottom: 1px solid #b1b4b6;">${escapeHtml(label)}</th><td style="vertical-align: top; padding: 5px 0; border-bottom: 1px solid #b1b4b6;">${escapeHtml(value)}</td></tr>`,
        )
        .join("")}</table>`;
  }
}

/** Builds the subject, text and HTML of an email from its blocks. */
export function buildEmail(subject: string, blocks: EmailBlock[]): EmailContent {
  const text = `${blocks.map(renderText).join("\n\n")}\n`;
  const title = escapeHtml(subject);
  const html = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    "</head>",
    '<body style="margin: 0; padding: 0; background-color: #ffffff;">',
    `<div role="article" aria-label="${title}" lang="en" style="max-width: 580px; margin: 0 auto; padding: 0 10px;">`,
    `<div style="background-color: #0b0c0c; padding: 15px; border-bottom: 10px solid #1d70b8;"><p style="font-family: Arial, sans-serif; color: #ffffff; font-size: 24px; line-height: 1.25; font-weight: bold; margin: 0;">${escapeHtml(SERVICE_NAME)}</p></div>`,
    '<div style="padding: 30px 0 10px 0;">',
    ...blocks.map(renderHtml),
    "</div>",
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return { subject, text, html };
}

/** "10 minutes", "1 minute". */
export function minutesText(minutes: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes >= 24 * 60 && minutes % (24 * 60) === 0) return plural(minutes / (24 * 60), "day");
  if (minutes >= 60 && minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}

// Dates are written in one place for pages and emails alike (GOV.UK style, UK time).
export { formatDate, formatDateTime } from "../app/dates";

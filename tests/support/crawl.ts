// Following every link a signed-in person is offered, page after page, through Remix's own
// request handler: what each page's main content says, and where each of its links leads.
import { sessionCookie } from "./auth";

export interface CrawledPage {
  /** The address asked for, and the one answered after following redirects. */
  url: string;
  finalUrl: string;
  status: number;
  /** The text of the page's <main>, tags removed and spaces collapsed. */
  text: string;
  links: { href: string; text: string }[];
}

export interface Crawl {
  pages: Map<string, CrawledPage>;
  /** Links that led to a refusal, a missing page or a failure: [page, link text, href, status]. */
  broken: [string, string, string, number][];
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

/** Text as read: React's <!-- --> between neighbouring pieces of text is nothing, a tag a space. */
export const textOf = (html: string) =>
  decode(html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .replace(/ ([.,:;?!)])/g, "$1")
    .trim();

function mainOf(html: string): string {
  return /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? "";
}

/** The text of a page's <main>. */
export const mainTextOf = (html: string) => textOf(mainOf(html));

/** The in-service links of a page's main content (not the header and footer every page shares). */
export function linksOf(html: string): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  for (const m of mainOf(html).matchAll(/<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    const href = decode(m[1]).split("#")[0];
    if (!href.startsWith("/") || href.startsWith("//")) continue;
    links.push({ href, text: textOf(m[2]) });
  }
  return links;
}

export async function fetchPage(
  handle: (request: Request) => Promise<Response>,
  cookie: string,
  url: string,
): Promise<{ status: number; finalUrl: string; html: string }> {
  let current = url;
  for (let hops = 0; hops < 5; hops++) {
    const response = await handle(new Request(new URL(current, "http://localhost"), { headers: { Cookie: cookie } }));
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location?.startsWith("/")) {
      await response.body?.cancel();
      current = location;
      continue;
    }
    return { status: response.status, finalUrl: current, html: await response.text() };
  }
  throw new Error(`Too many redirects from ${url}`);
}

/** Every page reachable from `start` by following links, as this person (at most `limit` pages). */
export async function crawlAs(
  handle: (request: Request) => Promise<Response>,
  user: { id: string },
  start = "/home",
  limit = 150,
): Promise<Crawl> {
  const cookie = await sessionCookie(user);
  const pages = new Map<string, CrawledPage>();
  const broken: Crawl["broken"] = [];
  const queue: { url: string; from: string; text: string }[] = [{ url: start, from: "(start)", text: "" }];
  while (queue.length > 0 && pages.size < limit) {
    const { url, from, text } = queue.shift()!;
    if (pages.has(url)) continue;
    const { status, finalUrl, html } = await fetchPage(handle, cookie, url);
    const page: CrawledPage = { url, finalUrl, status, text: textOf(mainOf(html)), links: linksOf(html) };
    pages.set(url, page);
    if (status !== 200) {
      broken.push([from, text, url, status]);
      continue;
    }
    for (const link of page.links) if (!pages.has(link.href)) queue.push({ url: link.href, from: finalUrl, text: link.text });
  }
  return { pages, broken };
}

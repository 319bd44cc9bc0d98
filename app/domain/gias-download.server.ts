// Downloading the day's public establishment extract from GIAS (Get Information about Schools),
// for "Refresh from GIAS" on the register and `portal import-settings --from-gias` (decision 023):
// streamed and counted as it arrives, refused past the limit or when it arrives short, so a
// partial file is never imported. The bytes are decoded (Windows-1252) by parseGiasExtract.
import { formatDate, londonIsoDate } from "../dates";
import { DomainError } from "../errors";

export class GiasDownloadError extends DomainError {
  constructor(message: string) {
    super(message, { status: 502 });
    this.name = "GiasDownloadError";
  }
}

export interface GiasDownloadOptions {
  /** With {date} where YYYYMMDD goes (GIAS_EXTRACT_URL). */
  urlTemplate: string;
  maxBytes: number;
  /** The day, YYYY-MM-DD; today in the UK unless given. */
  date?: string;
  fetch?: typeof fetch;
}

export interface GiasDownload {
  bytes: Buffer;
  url: string;
  date: string;
}

/** Lets the rest of a body go without reading it (not awaited: some streams settle only at their end). */
const discard = (response: Response) => {
  response.body?.cancel().catch(() => {});
};

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

export function giasExtractUrl(template: string, date: string): string {
  return template.replaceAll("{date}", date.replaceAll("-", ""));
}

export async function downloadGiasExtract(options: GiasDownloadOptions): Promise<GiasDownload> {
  const date = options.date ?? londonIsoDate();
  const url = giasExtractUrl(options.urlTemplate, date);
  const day = formatDate(date);
  const tooLarge = () =>
    new GiasDownloadError(`The GIAS extract for ${day} is larger than the limit of ${megabytes(options.maxBytes)} (GIAS_MAX_MB), so it was not imported`);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { redirect: "follow" });
  } catch (error) {
    throw new GiasDownloadError(`Could not reach GIAS to download the extract for ${day}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 404) {
    discard(response);
    throw new GiasDownloadError(`GIAS has not published the extract for ${day} yet`);
  }
  if (!response.ok) {
    discard(response);
    throw new GiasDownloadError(`GIAS answered ${response.status} for the extract for ${day}; try again later`);
  }
  const declared = response.headers.get("content-length");
  const expected = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
  if (expected !== null && expected > options.maxBytes) {
    discard(response);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > options.maxBytes) {
        // Not awaited: a server still sending need not be waited for to be told no.
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof GiasDownloadError) throw error;
    throw new GiasDownloadError(`The download of the GIAS extract for ${day} was cut short, so it was not imported; try again`);
  }
  if (expected !== null && received !== expected)
    throw new GiasDownloadError(
      `The download of the GIAS extract for ${day} was cut short (${received} of ${expected} bytes), so it was not imported; try again`,
    );
  if (received === 0) throw new GiasDownloadError(`The GIAS extract for ${day} was empty, so it was not imported`);
  return { bytes: Buffer.concat(chunks), url, date };
}

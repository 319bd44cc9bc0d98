// Which files may be attached to a standard, decided from what the file's content is (its first
// bytes, as file-type reads them), never from its name or the type the browser claims; and the
// words the documents page says about them. Pure, so the page's component can import it.

export interface AcceptedType {
  /** What the page calls it. */
  label: string;
  /** The content type stored and sent with every download. */
  contentType: string;
  /** The endings a file of this kind may have. */
  extensions: string[];
}

/** By what file-type reports the content to be ("text" when it finds no signature and the bytes are text). */
const BY_DETECTED: Record<string, AcceptedType[]> = {
  pdf: [{ label: "PDF", contentType: "application/pdf", extensions: ["pdf"] }],
  docx: [{ label: "Word", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] }],
  xlsx: [{ label: "Excel", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] }],
  pptx: [{ label: "PowerPoint", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"] }],
  // Word, Excel and PowerPoint before 2007 share one container (Compound File Binary): the
  // content says it is one of them, the name says which.
  cfb: [
    { label: "Word", contentType: "application/msword", extensions: ["doc"] },
    { label: "Excel", contentType: "application/vnd.ms-excel", extensions: ["xls"] },
    { label: "PowerPoint", contentType: "application/vnd.ms-powerpoint", extensions: ["ppt"] },
  ],
  odt: [{ label: "OpenDocument text", contentType: "application/vnd.oasis.opendocument.text", extensions: ["odt"] }],
  ods: [{ label: "OpenDocument spreadsheet", contentType: "application/vnd.oasis.opendocument.spreadsheet", extensions: ["ods"] }],
  odp: [{ label: "OpenDocument presentation", contentType: "application/vnd.oasis.opendocument.presentation", extensions: ["odp"] }],
  png: [{ label: "PNG", contentType: "image/png", extensions: ["png"] }],
  jpg: [{ label: "JPEG", contentType: "image/jpeg", extensions: ["jpg", "jpeg"] }],
  text: [
    { label: "CSV", contentType: "text/csv; charset=utf-8", extensions: ["csv"] },
    { label: "plain text", contentType: "text/plain; charset=utf-8", extensions: ["txt"] },
  ],
};

export const ACCEPTED_KINDS = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, plain text, PNG or JPEG";

/** For the file input's accept attribute: a hint to the browser's picker, never the check. */
export const ACCEPT_ATTRIBUTE = Object.values(BY_DETECTED)
  .flat()
  .flatMap((t) => t.extensions.map((e) => `.${e}`))
  .join(",");

export const NOT_ACCEPTED_MESSAGE = `The selected file must be a ${ACCEPTED_KINDS} file`;

/** True when the sample has no bytes that text (UTF-8 or Windows-1252) never holds: NUL and most control characters. */
export function looksLikeText(sample: Uint8Array): boolean {
  for (const byte of sample) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  return true;
}

export type TypeVerdict = { ok: true; type: AcceptedType } | { ok: false; message: string };

/**
 * `detected` is file-type's extension for the content (undefined when it knows no signature);
 * `sample` the file's first bytes, read for text only when there is no signature.
 */
export function judgeFileType(detected: string | undefined, fileName: string, sample: Uint8Array): TypeVerdict {
  const ending = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const kind = detected ?? (sample.length > 0 && looksLikeText(sample) ? "text" : undefined);
  const candidates = kind ? BY_DETECTED[kind] : undefined;
  if (!candidates) return { ok: false, message: NOT_ACCEPTED_MESSAGE };
  const type = candidates.find((t) => t.extensions.includes(ending));
  if (type) return { ok: true, type };
  // The content is fine but the name says something else: opened by its name, it would fail.
  const expected = candidates.flatMap((t) => t.extensions.map((e) => `.${e}`));
  return {
    ok: false,
    message:
      kind === "text"
        ? `The selected file is text: its name must end in ${expected.join(" or ")}, or it must be a ${ACCEPTED_KINDS} file`
        : `The selected file is a ${candidates[0].label} file but its name does not end in ${expected.join(" or ")}: rename it and try again`,
  };
}

/** "20 MB", "1.5 MB", "340 KB": sizes as the page states them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mb = bytes / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  }
  if (bytes >= 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${bytes} bytes`;
}

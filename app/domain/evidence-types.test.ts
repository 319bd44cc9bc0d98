import { describe, expect, it } from "vitest";
import { formatBytes, judgeFileType, looksLikeText, NOT_ACCEPTED_MESSAGE } from "./evidence-types";

const text = new TextEncoder().encode("URN,Name\n100001,Larkhill\n");

describe("judgeFileType", () => {
  it("accepts what the content is when the name agrees, with the content type of the content", () => {
    expect(judgeFileType("pdf", "Safeguarding policy.PDF", new Uint8Array())).toMatchObject({ ok: true, type: { contentType: "application/pdf" } });
    expect(judgeFileType("jpg", "photo.jpeg", new Uint8Array())).toMatchObject({ ok: true, type: { contentType: "image/jpeg" } });
    expect(judgeFileType("cfb", "minutes.xls", new Uint8Array())).toMatchObject({ ok: true, type: { contentType: "application/vnd.ms-excel" } });
    expect(judgeFileType(undefined, "matrix.csv", text)).toMatchObject({ ok: true, type: { label: "CSV" } });
  });

  it("refuses an executable whatever its name", () => {
    expect(judgeFileType("exe", "policy.pdf", new Uint8Array())).toEqual({ ok: false, message: NOT_ACCEPTED_MESSAGE });
    expect(judgeFileType("elf", "notes.txt", new Uint8Array())).toEqual({ ok: false, message: NOT_ACCEPTED_MESSAGE });
    expect(judgeFileType("zip", "policy.docx", new Uint8Array())).toEqual({ ok: false, message: NOT_ACCEPTED_MESSAGE });
  });

  it("refuses binary content with no signature, and an accepted type under another kind's name", () => {
    expect(judgeFileType(undefined, "notes.txt", new Uint8Array([0x4d, 0x00, 0x01]))).toEqual({ ok: false, message: NOT_ACCEPTED_MESSAGE });
    expect(judgeFileType(undefined, "empty.txt", new Uint8Array())).toEqual({ ok: false, message: NOT_ACCEPTED_MESSAGE });
    const renamed = judgeFileType("pdf", "policy.docx", new Uint8Array());
    expect(renamed.ok).toBe(false);
    expect(!renamed.ok && renamed.message).toContain("PDF file but its name does not end in .pdf");
    expect(judgeFileType(undefined, "script.sh", text).ok).toBe(false);
  });

  it("reads text as text: tabs and line ends yes, NUL no", () => {
    expect(looksLikeText(new TextEncoder().encode("a\tb\r\nc"))).toBe(true);
    expect(looksLikeText(new Uint8Array([0x61, 0x00]))).toBe(false);
  });

  it("states sizes in MB and KB", () => {
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
    expect(formatBytes(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatBytes(2048)).toBe("2 KB");
  });
});

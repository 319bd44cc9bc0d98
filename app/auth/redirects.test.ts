import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirects";

describe("safeRedirectPath", () => {
  it("keeps a path of this service, with its query and fragment", () => {
    expect(safeRedirectPath("/settings/abc/returns/def?saved=1#s-1.2")).toBe("/settings/abc/returns/def?saved=1#s-1.2");
    expect(safeRedirectPath("/home")).toBe("/home");
  });

  it("refuses anything a browser would read as another site", () => {
    for (const value of [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      // The probe's finding: a tab (or newline) after the slash is dropped by browsers.
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/%09/evil.example".replace("%09", "\t"),
    ]) {
      expect(safeRedirectPath(value, "/fallback"), JSON.stringify(value)).toBe("/fallback");
    }
  });

  it("refuses control characters anywhere, so nothing can break a header", () => {
    expect(safeRedirectPath("/home\r\nSet-Cookie: x=1", "")).toBe("");
    expect(safeRedirectPath("/home\u0000", "")).toBe("");
    expect(safeRedirectPath("/home\u007f", "")).toBe("");
  });

  it("percent-encodes what needs it, so the result is always a valid Location", () => {
    expect(safeRedirectPath("/search?q=caf\u00e9 au lait")).toBe("/search?q=caf%C3%A9%20au%20lait");
    expect(() => new Headers({ Location: safeRedirectPath("/p/\u00e9?x=\u2028") })).not.toThrow();
  });

  it("refuses what is not a string, empty or absurdly long", () => {
    expect(safeRedirectPath(undefined)).toBe("/home");
    expect(safeRedirectPath(["/a"])).toBe("/home");
    expect(safeRedirectPath("")).toBe("/home");
    expect(safeRedirectPath(`/${"a".repeat(3000)}`)).toBe("/home");
  });
});

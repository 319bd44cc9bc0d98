import { describe, expect, it } from "vitest";
import { isAllowedOrigin } from "./origin.server";

const base = "https://audit.example.org.uk";

describe("isAllowedOrigin", () => {
  it("lets reads through from anywhere", () => {
    expect(isAllowedOrigin("GET", { origin: "https://evil.example" }, base)).toBe(true);
  });
  it("accepts a post from the service's own pages", () => {
    expect(isAllowedOrigin("POST", { origin: base }, base)).toBe(true);
    expect(isAllowedOrigin("POST", { referer: `${base}/sign-in` }, base)).toBe(true);
  });
  it("refuses a post from another site, another scheme or port, or with no origin at all", () => {
    expect(isAllowedOrigin("POST", { origin: "https://evil.example" }, base)).toBe(false);
    expect(isAllowedOrigin("POST", { origin: "http://audit.example.org.uk" }, base)).toBe(false);
    expect(isAllowedOrigin("POST", { origin: "https://audit.example.org.uk:8443" }, base)).toBe(false);
    expect(isAllowedOrigin("POST", { origin: "null" }, base)).toBe(false);
    expect(isAllowedOrigin("DELETE", {}, base)).toBe(false);
    expect(isAllowedOrigin("POST", { referer: "not a url" }, base)).toBe(false);
  });
});

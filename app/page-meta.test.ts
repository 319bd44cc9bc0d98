import { describe, expect, it } from "vitest";
import { showsErrorSummary, withErrorTitle } from "./page-meta";

describe("showsErrorSummary", () => {
  it("is true for what a failed form sends back to its page", () => {
    expect(showsErrorSummary({ errors: { email: "Enter your email address" }, values: {} })).toBe(true);
    expect(showsErrorSummary({ problems: [{ text: "The return has not been signed off", href: "#" }] })).toBe(true);
    expect(showsErrorSummary({ formError: "This return has been submitted", values: {} })).toBe(true);
    expect(showsErrorSummary({ error: "Choose what to do with one of the buttons on the page" })).toBe(true);
  });

  it("is false for no answer, or one with nothing wrong", () => {
    for (const data of [undefined, null, "text", {}, { errors: {} }, { errors: { email: undefined } }, { problems: [] }, { saved: true, errors: {} }])
      expect(showsErrorSummary(data), JSON.stringify(data)).toBe(false);
  });
});

describe("withErrorTitle", () => {
  it("puts Error: before the page's title and leaves the rest of its meta alone", () => {
    const meta = withErrorTitle(() => [{ title: "Sign in – Safeguarding self-assessment" }, { name: "robots", content: "noindex" }]);
    expect(meta({} as never)).toEqual([{ title: "Error: Sign in – Safeguarding self-assessment" }, { name: "robots", content: "noindex" }]);
    expect(withErrorTitle(() => undefined as never)({} as never)).toEqual([]);
  });
});

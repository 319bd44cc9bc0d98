import { renderToStaticMarkup } from "react-dom/server";
// The router Remix renders its links with (a dependency of @remix-run/react, so always its version).
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { Button } from "./Button";

const render = (element: JSX.Element) => renderToStaticMarkup(<StaticRouter location="/">{element}</StaticRouter>);

describe("Button", () => {
  it("is a submit button with GOV.UK Frontend's module", () => {
    expect(render(<Button text="Save and continue" />)).toBe(
      '<button type="submit" class="govuk-button" data-module="govuk-button">Save and continue</button>',
    );
  });

  it("keeps its name and value, so the form says which button sent it", () => {
    const html = render(
      <Button name="intent" value="later" classes="govuk-button--secondary">
        Save and come back later
      </Button>,
    );
    expect(html).toBe(
      '<button type="submit" value="later" name="intent" class="govuk-button govuk-button--secondary" data-module="govuk-button">Save and come back later</button>',
    );
  });

  it("asks GOV.UK Frontend to ignore a second click when told to", () => {
    expect(render(<Button preventDoubleClick>Submit return</Button>)).toContain('data-prevent-double-click="true"');
    expect(render(<Button>Submit return</Button>)).not.toContain("data-prevent-double-click");
  });

  it("is a link styled as a button when given an href, without the button-only attributes", () => {
    const html = render(<Button href="/people/invite">Invite someone</Button>);
    expect(html).toMatch(/^<a /);
    expect(html).not.toContain("<button");
    expect(html).not.toContain("type=");
    for (const attribute of ['href="/people/invite"', 'role="button"', 'draggable="false"', 'class="govuk-button"', 'data-module="govuk-button"']) {
      expect(html).toContain(attribute);
    }
    expect(html).toContain(">Invite someone</a>");
  });

  it("lets attributes win over its own, so a link to a page can stay announced as a link", () => {
    const html = render(<Button href="/settings/1/returns/2" attributes={{ role: "link" }} text="Start your return" />);
    expect(html).toContain('role="link"');
    expect(html).not.toContain('role="button"');
  });

  it("draws the start button's arrow", () => {
    const html = render(<Button href="/sign-in" isStartButton text="Sign in" />);
    expect(html).toContain('class="govuk-button govuk-button--start"');
    expect(html).toMatch(/Sign in<svg class="govuk-button__start-icon"[^>]*aria-hidden="true" focusable="false">/);
  });

  it("says it is disabled in a way assistive technology hears", () => {
    expect(render(<Button disabled type="button" text="Print" />)).toBe(
      '<button type="button" disabled="" aria-disabled="true" class="govuk-button" data-module="govuk-button">Print</button>',
    );
  });
});

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkboxes } from "./Checkboxes";
import { Radios } from "./Radios";

const items = [
  { value: "met", text: "Met" },
  { value: "partly", text: "Partly met", conditional: <p className="govuk-body">Say what is missing.</p> },
];

describe("Radios and Checkboxes, on one base", () => {
  it("check the item named by the value, and an item's own checked wins", () => {
    const radios = renderToStaticMarkup(<Radios idPrefix="rating" name="rating" value="partly" items={items} />);
    expect(radios).toMatch(/<input class="govuk-radios__input" id="rating-2" name="rating" type="radio"[^>]* checked=""[^>]* value="partly"/);
    expect(radios).not.toMatch(/id="rating" [^>]*checked/);
    const overridden = renderToStaticMarkup(
      <Radios idPrefix="rating" name="rating" value="partly" items={[items[0], { ...items[1], checked: false }]} />,
    );
    expect(overridden).not.toContain("checked");
    const boxes = renderToStaticMarkup(<Checkboxes idPrefix="kind" name="kind" values={["met"]} items={items} />);
    expect(boxes).toMatch(/id="kind" name="kind" type="checkbox" checked="" value="met"/);
  });

  it("reveal an item's conditional content beside it, hidden until it is chosen", () => {
    const unchosen = renderToStaticMarkup(<Radios idPrefix="rating" name="rating" items={items} />);
    expect(unchosen).toContain('data-aria-controls="conditional-rating-2"');
    expect(unchosen).toContain(
      '</div><div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-rating-2">',
    );
    const chosen = renderToStaticMarkup(<Checkboxes idPrefix="kind" name="kind" values={["partly"]} items={items} />);
    expect(chosen).toContain('<div class="govuk-checkboxes__conditional" id="conditional-kind-2">');
  });

  it("tie the error message to the fieldset, with the first item carrying the id a summary links to", () => {
    const html = renderToStaticMarkup(
      <Checkboxes
        idPrefix="declaration"
        name="declaration"
        fieldset={{ legend: { text: "Declaration", classes: "govuk-fieldset__legend--m" } }}
        errorMessage="Confirm the declaration"
        items={[{ value: "confirmed", text: "I confirm" }]}
      />,
    );
    expect(html).toMatch(/^<div class="govuk-form-group govuk-form-group--error"><fieldset class="govuk-fieldset" aria-describedby="declaration-error">/);
    expect(html).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Declaration</legend>');
    expect(html).toContain('<p id="declaration-error" class="govuk-error-message">');
    expect(html).toContain('id="declaration" name="declaration" type="checkbox" value="confirmed"');
  });
});

// The framework pages' forms (one schema each, used by the action to parse and by the page for
// its messages). Pure: the pages' components read nothing from a .server module.
import { z } from "zod";
import { typedText } from "../forms";

export const StandardForm = z.object({
  title: typedText("The standard").trim().min(1, "Enter the standard").max(1000, "The standard must be 1000 characters or fewer"),
  guidance: typedText("Guidance").trim().min(1, "Enter the guidance: what good evidence looks like").max(5000, "Guidance must be 5000 characters or fewer"),
  allowsNotApplicable: z
    .string()
    .optional()
    .transform((v) => v === "yes"),
});

export const SectionForm = z.object({
  title: typedText("Section title").trim().min(1, "Enter the section's title").max(300, "The section's title must be 300 characters or fewer"),
});

export const DetailsForm = z.object({
  title: typedText("Title").trim().min(1, "Enter the framework's title").max(300, "The title must be 300 characters or fewer"),
  description: typedText("Description").trim().max(5000, "The description must be 5000 characters or fewer"),
});

export const STATUS_COLOURS = { draft: "yellow", published: "green", retired: "grey" } as const;
export const STATUS_LABELS = { draft: "Draft", published: "Published", retired: "Retired" } as const;

// Words for the moderation panel's pages and emails, safe for the browser bundle.
import type { SampleReason } from "../sampling";

export const SAMPLE_REASON_LABELS: Record<SampleReason, string> = {
  unsupported_exceeds: "An Exceeds rating without the evidence to support it (always included)",
  not_moderated_last_cycle: "Not moderated in the last full audit (drawn first)",
  random: "Drawn in the seeded order",
};

export const ASSIGNMENT_STATUS_LABELS: Record<"assigned" | "in_review" | "completed", string> = {
  assigned: "Not started",
  in_review: "In review",
  completed: "Completed",
};

export const ASSIGNMENT_ROLE_LABELS: Record<"primary" | "second", string> = {
  primary: "First moderator",
  second: "Second moderator (calibration)",
};

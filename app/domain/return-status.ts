// How a return's lifecycle status reads to the people filling it in.
import type { ReturnStatus } from "../../db/schema";
import type { TagColour } from "../components/Tag";

export const RETURN_STATUS: Record<ReturnStatus, { text: string; colour: TagColour }> = {
  not_started: { text: "Not started", colour: "grey" },
  in_progress: { text: "In progress", colour: "light-blue" },
  submitted: { text: "Submitted", colour: "green" },
  in_moderation: { text: "With the moderation panel", colour: "purple" },
  reopened: { text: "Challenged", colour: "orange" },
  closed: { text: "Closed", colour: "grey" },
};

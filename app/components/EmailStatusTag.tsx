import { Tag, type TagColour } from "./Tag";

const TAGS: Record<string, { text: string; colour: TagColour }> = {
  pending: { text: "Pending", colour: "blue" },
  sending: { text: "Sending", colour: "yellow" },
  sent: { text: "Sent", colour: "green" },
  failed: { text: "Failed", colour: "red" },
};

/** An outbox row's status in words: pending, sending, sent or failed. */
export function EmailStatusTag({ status }: { status: string }) {
  const tag = TAGS[status] ?? { text: status, colour: "grey" as const };
  return <Tag text={tag.text} colour={tag.colour} />;
}

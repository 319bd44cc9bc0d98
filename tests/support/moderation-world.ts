// A partnership big enough for the moderation panel: settings of three types, most of this
// cycle's returns submitted (one with an unsupported Exceeds), two still to come for a top-up, a
// panel of four (one a lead, one also a setting's DSL), a DSL and another partnership's moderator.
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { buildScenario as buildSharedScenario, type PersonSpec } from "../../db/seed/scenario";
import { submitReturn } from "../../app/domain/returns.server";
import type { SettingType } from "../../db/schema";
import { AGENCY, FRAMEWORK_V1, FRAMEWORK_V2, GOOD_EVIDENCE, completeAndSignOff, returnFor } from "./scenario";
import { makePartnership, makeUser } from "./factories";

const unique = () => randomBytes(4).toString("hex");

const PRIMARIES = ["Ash Primary", "Beech Primary", "Cedar Primary", "Elm Primary", "Fir Primary", "Hazel Primary"];
const NURSERIES = ["Acorn Nursery", "Bluebell Nursery", "Clover Nursery"];
const SECONDARIES = ["Northgate High", "Southgate High"];
/** Submitted after the sample is drawn. */
export const LATE = ["Larch Primary", "Daisy Nursery"];
/** Its Exceeds has one line of evidence. */
export const UNSUPPORTED = "Fir Primary";

export async function buildModerationWorld(db: Db) {
  const id = unique();
  const urnBase = 100000 + Math.floor(Math.random() * 800000);
  const person = (name: string, roles: PersonSpec["roles"]): PersonSpec => ({ name, email: `person-${unique()}@example.org.uk`, roles });
  const listed = [
    ...PRIMARIES.map((name) => ({ name, type: "primary" as SettingType })),
    ...NURSERIES.map((name) => ({ name, type: "nursery" as SettingType })),
    ...SECONDARIES.map((name) => ({ name, type: "secondary" as SettingType })),
    { name: LATE[0], type: "primary" as SettingType },
    { name: LATE[1], type: "nursery" as SettingType },
  ].map((s, i) => ({ ...s, urn: String(urnBase + i) }));
  const world = await buildSharedScenario(db, {
    partnership: { name: `Panel partnership ${id}`, slug: `panel-${id}` },
    register: { listed },
    perSetting: { dsl: 1, signatory: 1 },
    people: {
      dsl: person("Dee Dsl", [{ role: "dsl", setting: { name: "Ash Primary" } }]),
      lead: person("Lee Lead", [{ role: "moderation_lead" }]),
      moderatorA: person("Ann Moderator", [{ role: "moderator" }]),
      moderatorB: person("Ben Moderator", [{ role: "moderator" }]),
      // A governor at Beech Primary: a role in the setting, so never its moderator.
      moderatorC: person("Cat Moderator", [{ role: "moderator" }, { role: "signatory", setting: { name: "Beech Primary" } }]),
      admin: person("Ada Admin", [{ role: "admin" }]),
    },
    frameworks: { earlier: FRAMEWORK_V1, current: FRAMEWORK_V2, agency: AGENCY },
    signOffAs: { name: "Hana Hughes", roleTitle: "Headteacher" },
    earlier: {
      started: ({ setting }) => ["Ash Primary", "Acorn Nursery"].includes(setting.name),
      answer: () => ({ rating: "met", evidence: GOOD_EVIDENCE }),
    },
    current: {
      started: "all",
      submitted: ({ setting }) => !LATE.includes(setting.name),
      answer: ({ setting }, standard) =>
        setting.name === UNSUPPORTED && standard.index === 0 ? { rating: "exceeds", evidence: "We are great." } : { rating: "met", evidence: GOOD_EVIDENCE },
    },
    writes: "bulk",
  });
  const other = await makePartnership(db, { name: `Other partnership ${id}`, slug: `other-${id}` });
  const outsider = await makeUser(db, { name: "Otto Outsider", roles: [{ partnershipId: other.id, role: "moderation_lead" }] });
  const setting = (name: string) => world.settings.find((s) => s.name === name)!;
  const returnOf = (name: string) => world.current.returns.find((r) => r.settingId === setting(name).id)!;

  /** The late returns are submitted by their signatories. */
  async function submitLate() {
    for (const name of LATE) {
      const signatory = world.staff.get(setting(name).id)!.signatory[0];
      const ctx = await completeAndSignOff(db, await returnFor(db, world.current.cycle, setting(name).id), signatory);
      const result = await submitReturn(db, ctx, { actor: signatory });
      if (!result.ok) throw new Error(`could not submit ${name}: ${JSON.stringify(result)}`);
    }
  }

  return { ...world, ...world.people, cycle: world.current.cycle, previousCycle: world.earlier.cycle, other, outsider, setting, returnOf, submitLate };
}

export type ModerationWorld = Awaited<ReturnType<typeof buildModerationWorld>>;

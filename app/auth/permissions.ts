// One policy table answers "may this user do X to this thing". Every loader and action asks it
// through requirePermission (guards.server.ts); nothing else decides access.
import type { Role } from "../../db/schema";

export type Permission =
  | "setting.view" // the setting's home, its returns and versions, its action plan
  | "return.edit" // fill in the open return, manage actions, answer challenges
  | "return.signOff" // sign the return off: the declaration that it is accurate (decision 008)
  | "return.submit" // submit a return once it has a current sign-off (decision 008)
  | "partnership.view" // the partnership's home page for partnership roles
  | "register.view" // the partnership's settings register
  | "returns.viewSubmitted" // read any submitted return in the partnership
  | "moderation.read" // the panel's dashboard and the current sample's returns
  | "moderation.judge" // judgements and challenges on the sampled returns assigned to them
  | "moderation.lead" // draw samples, assign the panel, agree calibration judgements
  | "findings.view" // aggregate findings and exports
  | "actions.viewOutstanding" // every setting's outstanding actions, counted by theme, and their CSV
  | "actionPlan.view" // a setting's action plan across cycles (its people change it with return.edit)
  | "users.manage" // invite people, change roles, end sessions
  | "setting.nominateDsl" // the setting's signatory names its new DSL when the last one leaves
  | "partnership.admin"; // frameworks (their versions, editing, publishing), cycles, samples, reminders

interface Rule {
  /** Roles held for the specific setting the thing belongs to. */
  settingRoles: Role[];
  /** Roles held for the partnership the thing belongs to. */
  partnershipRoles: Role[];
}

export const POLICY: Record<Permission, Rule> = {
  "setting.view": { settingRoles: ["dsl", "signatory"], partnershipRoles: ["admin"] },
  "return.edit": { settingRoles: ["dsl", "signatory"], partnershipRoles: [] },
  "return.signOff": { settingRoles: ["signatory"], partnershipRoles: [] },
  // The DSL usually presses Submit once the head has signed; the domain refuses any submission
  // without a current sign-off, so this grants the button, not a way round the signature.
  "return.submit": { settingRoles: ["dsl", "signatory"], partnershipRoles: [] },
  "partnership.view": { settingRoles: [], partnershipRoles: ["admin", "moderator", "moderation_lead", "subgroup_chair"] },
  "register.view": { settingRoles: [], partnershipRoles: ["admin", "moderator", "moderation_lead", "subgroup_chair"] },
  "returns.viewSubmitted": { settingRoles: [], partnershipRoles: ["admin", "moderator", "moderation_lead"] },
  // A moderation lead is a panel member too: everything a moderator may do, and leading.
  "moderation.read": { settingRoles: [], partnershipRoles: ["admin", "moderator", "moderation_lead"] },
  "moderation.judge": { settingRoles: [], partnershipRoles: ["moderator", "moderation_lead"] },
  "moderation.lead": { settingRoles: [], partnershipRoles: ["admin", "moderation_lead"] },
  "findings.view": { settingRoles: [], partnershipRoles: ["admin", "subgroup_chair"] },
  "actions.viewOutstanding": { settingRoles: [], partnershipRoles: ["admin", "moderator", "moderation_lead", "subgroup_chair"] },
  // Those who see the outstanding list follow its rows to the setting's plan, read-only.
  "actionPlan.view": { settingRoles: ["dsl", "signatory"], partnershipRoles: ["admin", "moderator", "moderation_lead", "subgroup_chair"] },
  "users.manage": { settingRoles: [], partnershipRoles: ["admin"] },
  "setting.nominateDsl": { settingRoles: ["signatory"], partnershipRoles: ["admin"] },
  "partnership.admin": { settingRoles: [], partnershipRoles: ["admin"] },
};

export interface Grant {
  partnershipId: string;
  settingId: string | null;
  role: Role;
}

/** The thing being acted on: always its partnership, and its setting when it has one. */
export interface Scope {
  partnershipId: string;
  settingId?: string | null;
}

export function can(grants: readonly Grant[], permission: Permission, scope: Scope): boolean {
  const rule = POLICY[permission];
  return grants.some((g) => {
    if (g.partnershipId !== scope.partnershipId) return false;
    if (g.settingId === null) return rule.partnershipRoles.includes(g.role);
    return Boolean(scope.settingId) && g.settingId === scope.settingId && rule.settingRoles.includes(g.role);
  });
}

export const ROLE_LABELS: Record<Role, string> = {
  dsl: "Designated safeguarding lead",
  signatory: "Signatory (headteacher, chair of governors or agency lead)",
  moderator: "Moderation panel member",
  moderation_lead: "Moderation panel lead",
  subgroup_chair: "Education subgroup chair",
  admin: "Partnership administrator",
};

/**
 * What each role lets someone do in the portal today, for the invitation page and email. Say
 * here only what the policy above and the pages grant: a feature still to come (cycle
 * administration) joins its role's words when it exists.
 */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  dsl: "Fills in their setting's self-assessment and keeps its action plan up to date.",
  signatory: "Signs off their setting's return and can submit it, and can fill it in too. Names the setting's new designated safeguarding lead when theirs leaves.",
  moderator: "Reads the returns settings have submitted, reviews the sampled returns assigned to them, records judgements and raises challenges, and declares conflicts of interest.",
  moderation_lead: "Draws the moderation sample, assigns returns to the panel and agrees calibration judgements, as well as everything a panel member does.",
  subgroup_chair: "Sees the partnership's settings register and every setting's outstanding actions, and reads each audit cycle's aggregate findings and downloads them as a workbook or CSV files.",
  admin: "Reads the settings register and keeps it up to date (from GIAS, and by hand for settings outside it), reads every setting's return and each cycle's aggregate findings, invites people, removes their roles and deactivates them, draws and assigns the moderation sample, makes, edits and publishes new versions of the frameworks, runs the audit cycles (creates, opens and closes them, extends due dates, reopens returns, chases non-submitters, imports earlier returns from spreadsheets) and reads the audit log.",
};

export const SETTING_ROLES: Role[] = ["dsl", "signatory"];
export const PARTNERSHIP_ROLES: Role[] = ["moderator", "moderation_lead", "subgroup_chair", "admin"];

// The one place tables are defined. Tables first, then relations, then inferred types.
// Every tenant-owned row carries partnership_id so a query can always be scoped to the
// partnership it was authorised for.
import { relations, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
  dataType() {
    return "bytea";
  },
  fromDriver(value) {
    return new Uint8Array(value);
  },
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------------------------------------
// Enums: every status and closed vocabulary is an enum, so the database refuses a typo.
// ---------------------------------------------------------------------------------------------
export const statutoryBasis = pgEnum("statutory_basis", ["s175", "s157", "s11"]);
export const settingType = pgEnum("setting_type", [
  "nursery",
  "primary",
  "secondary",
  "all_through",
  "special",
  "alternative_provision",
  "fe_college",
  "sixth_form_college",
  "independent",
  "academy",
  "police",
  "health",
  "council_service",
  "voluntary",
  "faith",
  "sport_leisure",
]);
// A moderation lead is a panel member who also draws samples, assigns and agrees calibration.
export const role = pgEnum("role", ["dsl", "signatory", "moderator", "moderation_lead", "subgroup_chair", "admin"]);
export const frameworkKind = pgEnum("framework_kind", ["education", "agency"]);
export const frameworkStatus = pgEnum("framework_status", ["draft", "published", "retired"]);
export const cycleKind = pgEnum("cycle_kind", ["full", "interim"]);
export const cycleStatus = pgEnum("cycle_status", ["draft", "open", "closed"]);
// The states of app/domain/return-lifecycle.ts (its unit test keeps the two the same).
export const returnStatus = pgEnum("return_status", [
  "not_started",
  "in_progress",
  "submitted",
  "in_moderation",
  "reopened",
  "closed",
]);
export const rating = pgEnum("rating", ["not_met", "partially_met", "met", "exceeds", "not_applicable"]);
export const answerReview = pgEnum("answer_review", ["new", "carried_forward", "reviewed"]);
export const actionTheme = pgEnum("action_theme", [
  "training",
  "policy_procedures",
  "governance",
  "safer_recruitment",
  "record_keeping",
  "curriculum_online_safety",
  "multi_agency_escalation",
  "attendance",
  "other",
]);
export const actionStatus = pgEnum("action_status", ["open", "in_progress", "done", "dropped"]);
export const actionSource = pgEnum("action_source", ["self_assessment", "moderation"]);
export const sampleReason = pgEnum("sample_reason", ["random", "unsupported_exceeds", "not_moderated_last_cycle"]);
export const sampleKind = pgEnum("sample_kind", ["initial", "top_up"]);
// The first panel member's review is the one the setting hears about; a second one is calibration.
export const assignmentRole = pgEnum("assignment_role", ["primary", "second"]);
export const moderationOutcome = pgEnum("moderation_outcome", ["agreed", "agreed_with_changes", "not_agreed"]);
export const challengeResponse = pgEnum("challenge_response", ["evidence_added", "rating_accepted"]);
export const assignmentStatus = pgEnum("assignment_status", ["assigned", "in_review", "completed"]);
export const judgementVerdict = pgEnum("judgement_verdict", ["agree", "revised"]);
export const challengeStatus = pgEnum("challenge_status", [
  "open",
  "responded",
  "upheld",
  "revised",
  "withdrawn",
]);
export const emailStatus = pgEnum("email_status", ["pending", "sending", "sent", "failed"]);
export const signInPurpose = pgEnum("sign_in_purpose", ["sign_in", "invitation"]);

// ---------------------------------------------------------------------------------------------
// Tenancy and the settings register
// ---------------------------------------------------------------------------------------------
export const partnerships = pgTable("partnerships", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const settings = pgTable(
  "settings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "restrict" }),
    urn: text("urn"),
    ukprn: text("ukprn"),
    name: text("name").notNull(),
    type: settingType("type").notNull(),
    basis: statutoryBasis("basis").notNull(),
    laCode: text("la_code"),
    postcode: text("postcode"),
    giasType: text("gias_type"),
    giasStatus: text("gias_status"),
    // The partnership's own reference for a setting outside GIAS (agencies): unique within it.
    reference: text("reference"),
    active: boolean("active").notNull().default(true),
    deactivatedReason: text("deactivated_reason"),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Agencies have no URN; education settings have one, unique within the partnership.
    unique("settings_partnership_urn_unique").on(t.partnershipId, t.urn),
    unique("settings_partnership_reference_unique").on(t.partnershipId, t.reference),
    index("settings_partnership_type_idx").on(t.partnershipId, t.type),
  ],
);

// ---------------------------------------------------------------------------------------------
// People, roles, sessions and sign-in
// ---------------------------------------------------------------------------------------------
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  // Stored lower-cased; addresses are compared case-insensitively.
  email: text("email").notNull().unique(),
  // The name given when the account was made. A partnership shows the name its own
  // administrators typed (partnership_people.name), never this one, since another partnership
  // may have typed it.
  name: text("name").notNull(),
  // Closes the account everywhere: an operator's switch, set by no partnership's pages. A
  // partnership's administrator deactivates someone in partnership_people instead.
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    settingId: uuid("setting_id").references(() => settings.id),
    role: role("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("memberships_unique").on(t.userId, t.partnershipId, t.settingId, t.role).nullsNotDistinct(),
    index("memberships_user_idx").on(t.userId),
    // A setting's people (settingPeople: receipts, sign-off requests, challenges, reminders).
    index("memberships_setting_idx").on(t.settingId),
    // Setting roles name a setting; partnership roles do not.
    check(
      "memberships_scope_check",
      sql`(${t.role} in ('dsl','signatory')) = (${t.settingId} is not null)`,
    ),
  ],
);

// What one partnership knows of a person, apart from their roles: the name its administrators
// typed when inviting them, and whether it has deactivated them. Deactivation is the
// partnership's own: the roles stay (who they were and what they did) but grant nothing there,
// and only that partnership's administrator can let them back in. A person with roles but no row
// here (seeded data) is active, known by their account's name.
export const partnershipPeople = pgTable(
  "partnership_people",
  {
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    // Null for a deactivation from before this table, whose administrator is not known.
    deactivatedByUserId: uuid("deactivated_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.partnershipId, t.userId] }),
    index("partnership_people_user_idx").on(t.userId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    secretHash: bytea("secret_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }).notNull().defaultNow(),
    idleExpiresAt: timestamp("idle_expires_at", { withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp("absolute_expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const signInTokens = pgTable(
  "sign_in_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // SHA-256 of the token in the emailed link; the token itself is never stored.
    tokenHash: text("token_hash").notNull().unique(),
    purpose: signInPurpose("purpose").notNull().default("sign_in"),
    redirectTo: text("redirect_to"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    // Set when a newer link for the same user replaces this one.
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [index("sign_in_tokens_user_idx").on(t.userId)],
);

// Rate limiting lives in the database so several stateless app servers share one count.
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bucket: text("bucket").notNull(),
    hitAt: timestamp("hit_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rate_limit_hits_bucket_idx").on(t.bucket, t.hitAt)],
);

// A form post that arrived after the session expired: kept so the text can be offered back
// once the person has signed in again. Read only by the same person in the same browser (a
// cookie holds the id).
export const pendingFormPosts = pgTable(
  "pending_form_posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Whose session ran out: only they are offered the text back.
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    formData: jsonb("form_data").$type<Record<string, string[]>>().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("pending_form_posts_expires_idx").on(t.expiresAt)],
);

// ---------------------------------------------------------------------------------------------
// Frameworks
// ---------------------------------------------------------------------------------------------
export const frameworks = pgTable(
  "frameworks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    kind: frameworkKind("kind").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    status: frameworkStatus("status").notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique("frameworks_version_unique").on(t.partnershipId, t.kind, t.version)],
);

export const frameworkSections = pgTable(
  "framework_sections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    title: text("title").notNull(),
    position: integer("position").notNull(),
    // A retired section or standard stays in its version (codes are never reused) but is not asked.
    retired: boolean("retired").notNull().default(false),
  },
  (t) => [unique("framework_sections_code_unique").on(t.frameworkId, t.code)],
);

export const standards = pgTable(
  "standards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id, { onDelete: "cascade" }),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => frameworkSections.id, { onDelete: "cascade" }),
    // Stable across framework versions, so results compare between cycles.
    code: text("code").notNull(),
    title: text("title").notNull(),
    guidance: text("guidance").notNull(),
    allowsNotApplicable: boolean("allows_not_applicable").notNull().default(false),
    position: integer("position").notNull(),
    retired: boolean("retired").notNull().default(false),
  },
  (t) => [
    unique("standards_code_unique").on(t.frameworkId, t.code),
    index("standards_section_idx").on(t.sectionId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Cycles and returns
// ---------------------------------------------------------------------------------------------
export const cycles = pgTable(
  "cycles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    name: text("name").notNull(),
    kind: cycleKind("kind").notNull(),
    status: cycleStatus("status").notNull().default("draft"),
    educationFrameworkId: uuid("education_framework_id")
      .notNull()
      .references(() => frameworks.id),
    agencyFrameworkId: uuid("agency_framework_id")
      .notNull()
      .references(() => frameworks.id),
    opensOn: date("opens_on", { mode: "string" }).notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    // After this day the cycle closes to edits (moderation may continue); null: closed by hand.
    closesOn: date("closes_on", { mode: "string" }),
    previousCycleId: uuid("previous_cycle_id").references((): AnyPgColumn => cycles.id, { onDelete: "restrict" }),
    // The reminder schedule (decision 020): on opening, these days before the due date, then
    // every overdueEveryDays while overdue, at most overdueLimit times.
    remindOnOpening: boolean("remind_on_opening").notNull().default(true),
    reminderDaysBefore: integer("reminder_days_before").array().notNull().default(sql`'{28,14,7,1}'::integer[]`),
    overdueEveryDays: integer("overdue_every_days").notNull().default(7),
    overdueLimit: integer("overdue_limit").notNull().default(3),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("cycles_partnership_idx").on(t.partnershipId, t.opensOn),
    check("cycles_dates_check", sql`${t.dueOn} >= ${t.opensOn}`),
    check("cycles_closes_check", sql`${t.closesOn} is null or ${t.closesOn} >= ${t.dueOn}`),
  ],
);

// One row per reminder sent for a return: the unique key makes each reminder go exactly once.
// `reminder` is "opening", "before-28" (days before the due date), "overdue-1" (first overdue
// reminder) or "chase-<run id>" (an administrator's "chase non-submitters now").
export const cycleReminders = pgTable(
  "cycle_reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    cycleId: uuid("cycle_id")
      .notNull()
      .references(() => cycles.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    reminder: text("reminder").notNull(),
    // The due date the reminder counted from (an extension starts the schedule again).
    dueOn: date("due_on", { mode: "string" }).notNull(),
    recipients: text("recipients").array().notNull(),
    sentByUserId: uuid("sent_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique("cycle_reminders_once").on(t.returnId, t.reminder, t.dueOn),
    index("cycle_reminders_cycle_idx").on(t.cycleId, t.createdAt),
  ],
);

// A row per invited setting; "not_started" until the DSL begins, so non-submitters are visible.
export const returns = pgTable(
  "returns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    cycleId: uuid("cycle_id")
      .notNull()
      .references(() => cycles.id),
    settingId: uuid("setting_id")
      .notNull()
      .references(() => settings.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id),
    status: returnStatus("status").notNull().default("not_started"),
    // The earlier return this one started from (its latest submitted version was copied).
    // Restrict, not set null: the link is the record of where carried-forward answers came
    // from, so deleting the earlier return must fail loudly rather than quietly erase that
    // provenance. (A return started from is a submitted one, whose versions cannot be deleted
    // anyway.)
    startedFromReturnId: uuid("started_from_return_id").references((): AnyPgColumn => returns.id, { onDelete: "restrict" }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    signedOffByUserId: uuid("signed_off_by_user_id").references(() => users.id),
    signedOffName: text("signed_off_name"),
    signedOffRole: text("signed_off_role"),
    signedOffAt: timestamp("signed_off_at", { withTimezone: true }),
    // The DSL last asked the signatories to sign off (an email to each, through the outbox).
    signOffRequestedAt: timestamp("sign_off_requested_at", { withTimezone: true }),
    signOffRequestedByUserId: uuid("sign_off_requested_by_user_id").references(() => users.id),
    // An extension for this setting alone; null: the cycle's due date.
    dueOn: date("due_on", { mode: "string" }),
    dueExtendedReason: text("due_extended_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("returns_cycle_setting_unique").on(t.cycleId, t.settingId),
    index("returns_cycle_status_idx").on(t.cycleId, t.status),
    index("returns_setting_idx").on(t.settingId),
  ],
);

export const answers = pgTable(
  "answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id, { onDelete: "cascade" }),
    standardId: uuid("standard_id")
      .notNull()
      .references(() => standards.id),
    rating: rating("rating"),
    evidence: text("evidence").notNull().default(""),
    notes: text("notes").notNull().default(""),
    review: answerReview("review").notNull().default("new"),
    // Optimistic concurrency: a save names the revision it was based on.
    revision: integer("revision").notNull().default(0),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [unique("answers_return_standard_unique").on(t.returnId, t.standardId)],
);

// A submitted version is never edited: a snapshot of answers, actions and sign-off.
export const returnVersions = pgTable(
  "return_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    number: integer("number").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    submittedByUserId: uuid("submitted_by_user_id").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("return_versions_number_unique").on(t.returnId, t.number),
    check("return_versions_number_check", sql`${t.number} >= 1`),
  ],
);

// One row per standard of each submitted version, written in the same transaction as the
// snapshot, so findings and moderation query typed rows (by standard code, across framework
// versions and cycles) instead of JSON. Never changed after it is written, like the version.
export const versionAnswers = pgTable(
  "version_answers",
  {
    // Copied from the version's return so findings filter without a join. Only the version and
    // the standard are foreign keys: the version already pins the return, its cycle, setting and
    // partnership, and a check per copied column per row made submitting about 1.4 times slower
    // (docs/decisions/017-typed-answers-written-as-one-row-set.md).
    partnershipId: uuid("partnership_id").notNull(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => returnVersions.id),
    returnId: uuid("return_id").notNull(),
    cycleId: uuid("cycle_id").notNull(),
    settingId: uuid("setting_id").notNull(),
    versionNumber: integer("version_number").notNull(),
    standardId: uuid("standard_id")
      .notNull()
      .references(() => standards.id),
    standardCode: text("standard_code").notNull(),
    sectionCode: text("section_code").notNull(),
    rating: rating("rating"),
    evidenceLength: integer("evidence_length").notNull(),
    unsupportedExceeds: boolean("unsupported_exceeds").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.standardId] }),
    // All answers of a cycle by standard code (findings), and one setting's across cycles.
    index("version_answers_cycle_code_idx").on(t.partnershipId, t.cycleId, t.standardCode),
    index("version_answers_setting_code_idx").on(t.settingId, t.standardCode, t.cycleId),
  ],
);

// ---------------------------------------------------------------------------------------------
// The findings' running counts (decision 024): what each submitted return contributes to its
// cycle's figures, kept by database triggers in the same transaction as every write that changes
// it (a version's typed answers, a review, a judgement, a challenge, a setting's type, a return
// deleted), so the findings page sums a cycle's few hundred tallies instead of its million answers.
// Nothing in the portal writes these tables; findings_recount(return ids) rebuilds any return's.
// ---------------------------------------------------------------------------------------------
export const findingsReturns = pgTable(
  "findings_returns",
  {
    // Not foreign keys: the rows follow their return through the triggers, deletion included.
    returnId: uuid("return_id").primaryKey(),
    partnershipId: uuid("partnership_id").notNull(),
    cycleId: uuid("cycle_id").notNull(),
    settingId: uuid("setting_id").notNull(),
    settingType: settingType("setting_type").notNull(),
    basis: statutoryBasis("basis").notNull(),
    versionId: uuid("version_id").notNull(),
    versionNumber: integer("version_number").notNull(),
    firstSubmittedAt: timestamp("first_submitted_at", { withTimezone: true }).notNull(),
    latestSubmittedAt: timestamp("latest_submitted_at", { withTimezone: true }).notNull(),
    everyStandardMet: boolean("every_standard_met").notNull(),
    exceeded: boolean("exceeded").notNull(),
    exceededFlagged: boolean("exceeded_flagged").notNull(),
    // The completed first review, where there is one.
    assignmentId: uuid("assignment_id"),
    outcome: moderationOutcome("outcome"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    judgements: integer("judgements").notNull(),
    lowered: integer("lowered").notNull(),
    raised: integer("raised").notNull(),
    challenges: integer("challenges").notNull(),
    challengesRevised: integer("challenges_revised").notNull(),
    // One entry per standard of the latest version: [standard id, code, self-assessed rating,
    // moderated rating, flags (1 judged by the panel, 2 both ratings on the scale, 4 lowered, 8 raised)].
    answers: jsonb("answers").notNull(),
  },
  (t) => [index("findings_returns_cycle_idx").on(t.cycleId, t.settingType, t.basis)],
);

export const findingsTallies = pgTable(
  "findings_tallies",
  {
    cycleId: uuid("cycle_id").notNull(),
    standardId: uuid("standard_id").notNull(),
    settingType: settingType("setting_type").notNull(),
    basis: statutoryBasis("basis").notNull(),
    partnershipId: uuid("partnership_id").notNull(),
    selfNotMet: integer("self_not_met").notNull().default(0),
    selfPartiallyMet: integer("self_partially_met").notNull().default(0),
    selfMet: integer("self_met").notNull().default(0),
    selfExceeds: integer("self_exceeds").notNull().default(0),
    selfNotApplicable: integer("self_not_applicable").notNull().default(0),
    selfNone: integer("self_none").notNull().default(0),
    modNotMet: integer("mod_not_met").notNull().default(0),
    modPartiallyMet: integer("mod_partially_met").notNull().default(0),
    modMet: integer("mod_met").notNull().default(0),
    modExceeds: integer("mod_exceeds").notNull().default(0),
    modNotApplicable: integer("mod_not_applicable").notNull().default(0),
    modNone: integer("mod_none").notNull().default(0),
    judged: integer("judged").notNull().default(0),
    lowered: integer("lowered").notNull().default(0),
    raised: integer("raised").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.standardId, t.settingType, t.basis] })],
);

// ---------------------------------------------------------------------------------------------
// Evidence documents (decision 021): a file belongs to the setting, is stored once under a random
// key and never changed; returns and versions refer to it.
// ---------------------------------------------------------------------------------------------
export const evidenceDocuments = pgTable(
  "evidence_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    settingId: uuid("setting_id")
      .notNull()
      .references(() => settings.id),
    storageKey: text("storage_key").notNull(),
    fileName: text("file_name").notNull(),
    // What the content was found to be, not what the browser said.
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("evidence_documents_storage_key_unique").on(t.storageKey), index("evidence_documents_setting_idx").on(t.settingId)],
);

// A document attached to a standard of a return while it is open. A return started from the
// earlier one gets a row for each of its documents (the same document, carried_from_return_id
// set), never a copy of the file.
export const returnDocuments = pgTable(
  "return_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => evidenceDocuments.id),
    standardId: uuid("standard_id")
      .notNull()
      .references(() => standards.id),
    description: text("description").notNull().default(""),
    carriedFromReturnId: uuid("carried_from_return_id").references(() => returns.id),
    addedByUserId: uuid("added_by_user_id").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("return_documents_return_document_unique").on(t.returnId, t.documentId),
    index("return_documents_return_standard_idx").on(t.returnId, t.standardId),
    index("return_documents_document_idx").on(t.documentId),
  ],
);

// The documents a submitted version names (name, size, SHA-256 as they were), written with the
// version and never changed (a trigger refuses it, as for the version).
export const versionDocuments = pgTable(
  "version_documents",
  {
    partnershipId: uuid("partnership_id").notNull(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => returnVersions.id),
    documentId: uuid("document_id")
      .notNull()
      .references(() => evidenceDocuments.id),
    returnId: uuid("return_id").notNull(),
    settingId: uuid("setting_id").notNull(),
    standardCode: text("standard_code").notNull(),
    fileName: text("file_name").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    description: text("description").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.documentId] }), index("version_documents_document_idx").on(t.documentId)],
);

// ---------------------------------------------------------------------------------------------
// Action plans: actions belong to the setting and outlive cycles.
// ---------------------------------------------------------------------------------------------
export const actions = pgTable(
  "actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    settingId: uuid("setting_id")
      .notNull()
      .references(() => settings.id),
    originReturnId: uuid("origin_return_id").references(() => returns.id),
    standardCode: text("standard_code"),
    description: text("description").notNull(),
    theme: actionTheme("theme").notNull(),
    owner: text("owner").notNull(),
    dueOn: date("due_on", { mode: "string" }),
    status: actionStatus("status").notNull().default("open"),
    source: actionSource("source").notNull().default("self_assessment"),
    // The moderation review that added it (source "moderation").
    originAssignmentId: uuid("origin_assignment_id").references((): AnyPgColumn => moderationAssignments.id),
    revision: integer("revision").notNull().default(0),
    // Overdue reminders (app/domain/action-reminders.server.ts): how many were sent about the due
    // date in reminded_due_on, and when the last one was. A new due date starts the count again.
    remindersSent: integer("reminders_sent").notNull().default(0),
    remindedDueOn: date("reminded_due_on", { mode: "string" }),
    lastRemindedAt: timestamp("last_reminded_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("actions_setting_status_idx").on(t.settingId, t.status)],
);

export const actionUpdates = pgTable(
  "action_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    actionId: uuid("action_id")
      .notNull()
      .references(() => actions.id, { onDelete: "cascade" }),
    returnId: uuid("return_id").references(() => returns.id),
    status: actionStatus("status").notNull(),
    progressNote: text("progress_note").notNull().default(""),
    newDueOn: date("new_due_on", { mode: "string" }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("action_updates_action_idx").on(t.actionId),
    // One update per action per return: the interim return revises it until submission.
    unique("action_updates_action_return_unique").on(t.actionId, t.returnId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Moderation
// ---------------------------------------------------------------------------------------------
export const samples = pgTable(
  "samples",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    cycleId: uuid("cycle_id")
      .notNull()
      .references(() => cycles.id),
    rate: numeric("rate", { precision: 4, scale: 3 }).notNull(),
    seed: text("seed").notNull(),
    kind: sampleKind("kind").notNull().default("initial"),
    preferNotModeratedLastCycle: boolean("prefer_not_moderated_last_cycle").notNull().default(false),
    // The strata as drawn: [{ stratum, candidates, quota, drawn, alwaysIncluded }].
    strata: jsonb("strata").notNull().default(sql`'[]'::jsonb`),
    // The share of the sample moderated a second time, blind, for calibration (0: none).
    calibrationShare: numeric("calibration_share", { precision: 4, scale: 3 }).notNull().default("0"),
    drawnByUserId: uuid("drawn_by_user_id").references(() => users.id),
    drawnAt: timestamp("drawn_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("samples_cycle_idx").on(t.cycleId),
    check("samples_rate_check", sql`${t.rate} > 0 and ${t.rate} <= 1`),
  ],
);

export const sampleMembers = pgTable(
  "sample_members",
  {
    sampleId: uuid("sample_id")
      .notNull()
      .references(() => samples.id, { onDelete: "cascade" }),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    stratum: text("stratum").notNull(),
    reason: sampleReason("reason").notNull(),
    // The version that was submitted when the member was drawn.
    versionNumber: integer("version_number").notNull(),
    calibration: boolean("calibration").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.sampleId, t.returnId] })],
);

export const moderationAssignments = pgTable(
  "moderation_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    moderatorUserId: uuid("moderator_user_id")
      .notNull()
      .references(() => users.id),
    role: assignmentRole("role").notNull().default("primary"),
    status: assignmentStatus("status").notNull().default("assigned"),
    outcome: moderationOutcome("outcome"),
    summary: text("summary").notNull().default(""),
    assignedByUserId: uuid("assigned_by_user_id").references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    revision: integer("revision").notNull().default(0),
  },
  (t) => [
    unique("moderation_assignments_return_role_unique").on(t.returnId, t.role),
    unique("moderation_assignments_return_moderator_unique").on(t.returnId, t.moderatorUserId),
    index("moderation_assignments_moderator_idx").on(t.moderatorUserId, t.status),
  ],
);

export const judgements = pgTable(
  "judgements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => moderationAssignments.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    standardId: uuid("standard_id")
      .notNull()
      .references(() => standards.id),
    // The code compares across framework versions; the id names the exact standard judged.
    standardCode: text("standard_code").notNull(),
    verdict: judgementVerdict("verdict").notNull(),
    moderatedRating: rating("moderated_rating"),
    reason: text("reason").notNull().default(""),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    revision: integer("revision").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Each panel member's own judgement: a calibration pair judges the same standard twice.
    unique("judgements_assignment_standard_unique").on(t.assignmentId, t.standardId),
    index("judgements_return_idx").on(t.returnId),
    check(
      "judgements_revised_check",
      sql`(${t.verdict} = 'revised') = (${t.moderatedRating} is not null)`,
    ),
  ],
);

export const challenges = pgTable(
  "challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    standardId: uuid("standard_id")
      .notNull()
      .references(() => standards.id),
    standardCode: text("standard_code").notNull(),
    raisedByUserId: uuid("raised_by_user_id")
      .notNull()
      .references(() => users.id),
    assignmentId: uuid("assignment_id").references(() => moderationAssignments.id),
    status: challengeStatus("status").notNull().default("open"),
    // The rating the panel member thinks the evidence supports, which the setting may accept.
    suggestedRating: rating("suggested_rating"),
    // The calendar date (UK) the setting is asked to answer by.
    respondBy: date("respond_by", { mode: "string" }),
    // The submitted version challenged, and the one the setting's answer made.
    versionNumber: integer("version_number"),
    response: challengeResponse("response"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    respondedVersionNumber: integer("responded_version_number"),
    resolution: text("resolution"),
    resolvedByUserId: uuid("resolved_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    remindersSent: integer("reminders_sent").notNull().default(0),
    lastRemindedAt: timestamp("last_reminded_at", { withTimezone: true }),
  },
  (t) => [index("challenges_return_status_idx").on(t.returnId, t.status)],
);

// The lead's agreed judgement on a standard a calibration pair judged differently.
export const calibrationAgreements = pgTable(
  "calibration_agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    standardId: uuid("standard_id")
      .notNull()
      .references(() => standards.id),
    standardCode: text("standard_code").notNull(),
    verdict: judgementVerdict("verdict").notNull(),
    moderatedRating: rating("moderated_rating"),
    reason: text("reason").notNull().default(""),
    recordedByUserId: uuid("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("calibration_agreements_return_standard_unique").on(t.returnId, t.standardId),
    check("calibration_agreements_revised_check", sql`(${t.verdict} = 'revised') = (${t.moderatedRating} is not null)`),
  ],
);

// A panel member's declared conflict of interest with a setting: never assigned to them.
export const moderationConflicts = pgTable(
  "moderation_conflicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    moderatorUserId: uuid("moderator_user_id")
      .notNull()
      .references(() => users.id),
    settingId: uuid("setting_id")
      .notNull()
      .references(() => settings.id),
    reason: text("reason").notNull(),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("moderation_conflicts_unique").on(t.partnershipId, t.moderatorUserId, t.settingId)],
);

// The letter to a setting when its review is complete: written once, frozen once sent.
export const feedbackLetters = pgTable(
  "feedback_letters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => moderationAssignments.id),
    outcome: moderationOutcome("outcome").notNull(),
    // Everything the letter says, as it said it: outcome, ratings side by side, challenges, actions.
    content: jsonb("content").notNull(),
    sentByUserId: uuid("sent_by_user_id").references(() => users.id),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("feedback_letters_assignment_unique").on(t.assignmentId), index("feedback_letters_return_idx").on(t.returnId)],
);

export const challengeMessages = pgTable(
  "challenge_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    authorUserId: uuid("author_user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("challenge_messages_challenge_idx").on(t.challengeId)],
);

// ---------------------------------------------------------------------------------------------
// Audit log and email outbox
// ---------------------------------------------------------------------------------------------
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // Null for events outside any partnership (a sign-in attempt for an unknown address).
    partnershipId: uuid("partnership_id").references(() => partnerships.id),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    ipAddress: text("ip_address"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_partnership_idx").on(t.partnershipId, t.createdAt),
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
  ],
);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id").references(() => partnerships.id),
    toAddress: text("to_address").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    status: emailStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    // A sender holds a claimed row until this time; after it, another sender may retry.
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("email_outbox_status_next_idx").on(t.status, t.nextAttemptAt)],
);

// ---------------------------------------------------------------------------------------------
// Relations
// ---------------------------------------------------------------------------------------------
export const partnershipsRelations = relations(partnerships, ({ many }) => ({
  settings: many(settings),
  memberships: many(memberships),
  cycles: many(cycles),
}));

export const settingsRelations = relations(settings, ({ one, many }) => ({
  partnership: one(partnerships, { fields: [settings.partnershipId], references: [partnerships.id] }),
  returns: many(returns),
  actions: many(actions),
}));

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
  sessions: many(sessions),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
  partnership: one(partnerships, { fields: [memberships.partnershipId], references: [partnerships.id] }),
  setting: one(settings, { fields: [memberships.settingId], references: [settings.id] }),
}));

export const frameworksRelations = relations(frameworks, ({ many }) => ({
  sections: many(frameworkSections),
  standards: many(standards),
}));

export const frameworkSectionsRelations = relations(frameworkSections, ({ one, many }) => ({
  framework: one(frameworks, { fields: [frameworkSections.frameworkId], references: [frameworks.id] }),
  standards: many(standards),
}));

export const standardsRelations = relations(standards, ({ one }) => ({
  framework: one(frameworks, { fields: [standards.frameworkId], references: [frameworks.id] }),
  section: one(frameworkSections, { fields: [standards.sectionId], references: [frameworkSections.id] }),
}));

export const cyclesRelations = relations(cycles, ({ one, many }) => ({
  partnership: one(partnerships, { fields: [cycles.partnershipId], references: [partnerships.id] }),
  returns: many(returns),
}));

export const returnsRelations = relations(returns, ({ one, many }) => ({
  cycle: one(cycles, { fields: [returns.cycleId], references: [cycles.id] }),
  setting: one(settings, { fields: [returns.settingId], references: [settings.id] }),
  framework: one(frameworks, { fields: [returns.frameworkId], references: [frameworks.id] }),
  answers: many(answers),
  versions: many(returnVersions),
}));

export const answersRelations = relations(answers, ({ one }) => ({
  return: one(returns, { fields: [answers.returnId], references: [returns.id] }),
  standard: one(standards, { fields: [answers.standardId], references: [standards.id] }),
}));

export const returnVersionsRelations = relations(returnVersions, ({ one }) => ({
  return: one(returns, { fields: [returnVersions.returnId], references: [returns.id] }),
}));

export const actionsRelations = relations(actions, ({ one, many }) => ({
  setting: one(settings, { fields: [actions.settingId], references: [settings.id] }),
  updates: many(actionUpdates),
}));

export const actionUpdatesRelations = relations(actionUpdates, ({ one }) => ({
  action: one(actions, { fields: [actionUpdates.actionId], references: [actions.id] }),
}));

export const challengesRelations = relations(challenges, ({ many }) => ({
  messages: many(challengeMessages),
}));

export const challengeMessagesRelations = relations(challengeMessages, ({ one }) => ({
  challenge: one(challenges, { fields: [challengeMessages.challengeId], references: [challenges.id] }),
}));

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------
export type Partnership = typeof partnerships.$inferSelect;
export type Setting = typeof settings.$inferSelect;
export type NewSetting = typeof settings.$inferInsert;
export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type PartnershipPerson = typeof partnershipPeople.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Framework = typeof frameworks.$inferSelect;
export type FrameworkSection = typeof frameworkSections.$inferSelect;
export type Standard = typeof standards.$inferSelect;
export type Cycle = typeof cycles.$inferSelect;
export type CycleReminder = typeof cycleReminders.$inferSelect;
export type Return = typeof returns.$inferSelect;
export type Answer = typeof answers.$inferSelect;
export type ReturnVersion = typeof returnVersions.$inferSelect;
export type Action = typeof actions.$inferSelect;
export type ActionUpdate = typeof actionUpdates.$inferSelect;
export type EvidenceDocument = typeof evidenceDocuments.$inferSelect;
export type ReturnDocument = typeof returnDocuments.$inferSelect;
export type EmailMessage = typeof emailOutbox.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;

export type Role = (typeof role.enumValues)[number];
export type Rating = (typeof rating.enumValues)[number];
export type SettingType = (typeof settingType.enumValues)[number];
export type StatutoryBasis = (typeof statutoryBasis.enumValues)[number];
export type ReturnStatus = (typeof returnStatus.enumValues)[number];
export type ActionTheme = (typeof actionTheme.enumValues)[number];
export type ActionStatus = (typeof actionStatus.enumValues)[number];

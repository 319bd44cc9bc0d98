// The register's hand-made forms (issue 12): a setting outside GIAS (most often an agency) and a
// setting's deactivation. Pure, so the pages' components can read the schemas.
import { z } from "zod";
import { typedText } from "../forms";
import { isSettingType, isStatutoryBasis } from "./setting-types";
import type { SettingType, StatutoryBasis } from "../../db/schema";

export const SettingForm = z.object({
  name: typedText("Name").trim().min(1, "Enter the setting's name").max(200, "The name must be 200 characters or fewer"),
  reference: typedText("Reference")
    .trim()
    .min(1, "Enter the partnership's reference for the setting, like POL-01")
    .max(40, "The reference must be 40 characters or fewer")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, "The reference must be letters, numbers, spaces, full stops, hyphens or slashes"),
  type: z.string().refine(isSettingType, "Select the type of setting").transform((v) => v as SettingType),
  basis: z.string().refine(isStatutoryBasis, "Select the statutory basis it is audited against").transform((v) => v as StatutoryBasis),
});

export const DeactivateForm = z.object({
  reason: typedText("Reason").trim().min(1, "Enter why the setting is being deactivated").max(500, "The reason must be 500 characters or fewer"),
});

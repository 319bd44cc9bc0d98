// Data the SQL migrations cannot write themselves because it needs the portal's own rules: run
// after every migration, each step doing nothing once it is complete, so it is safe to repeat.
import type { Db } from "./client";
import { fillVersionAnswers } from "../app/domain/return-versions.server";

export async function runBackfills(db: Db): Promise<void> {
  // Migration 0005: typed answers of versions submitted before version_answers existed.
  await fillVersionAnswers(db);
}

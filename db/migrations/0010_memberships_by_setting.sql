-- A setting's people are found by setting: every receipt, sign-off request, challenge and reminder.
CREATE INDEX "memberships_setting_idx" ON "memberships" USING btree ("setting_id");
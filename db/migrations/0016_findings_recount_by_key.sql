-- findings_recount_batch (migration 0015) again, the same figures: the return and its setting
-- are now read by primary key. Unanalysed (PGlite has no autovacuum), 0015's generic plan
-- joined the batch's versions to a sequential scan of every return in the installation and
-- found the setting through the partnership's (partnership, reference) index, reading all its
-- settings: about 1 ms of each submission's recount at the benchmark's 1,200 returns, and
-- growing with the installation. Each is now a lateral lookup the planner cannot turn into a
-- join over the whole table (OFFSET 0), as the answers already were.

CREATE OR REPLACE FUNCTION findings_recount_batch(ids uuid[]) RETURNS void AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- One recount of a return at a time; key share (a new judgement's foreign key) still passes.
  PERFORM 1 FROM returns WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  WITH old AS (
    SELECT f.return_id, f.cycle_id, f.partnership_id, f.setting_type, f.basis, f.answers FROM findings_returns f WHERE f.return_id = ANY(ids)
  ),
  versions AS (
    SELECT rv.id, rv.return_id, rv.number, rv.submitted_at FROM return_versions rv WHERE rv.return_id = ANY(ids)
  ),
  sub AS (
    SELECT DISTINCT ON (v.return_id) v.return_id, v.id AS version_id, v.number AS version_number, v.submitted_at AS latest_at,
           min(v.submitted_at) OVER (PARTITION BY v.return_id) AS first_at
    FROM versions v ORDER BY v.return_id, v.number DESC
  ),
  base AS (
    SELECT r.id AS return_id, r.partnership_id, r.cycle_id, r.setting_id, s.type AS setting_type, s.basis, sub.first_at,
           sub.version_id, sub.version_number, sub.latest_at,
           ma.id AS assignment_id, ma.outcome, ma.completed_at
    FROM sub
    JOIN LATERAL (SELECT r.id, r.partnership_id, r.cycle_id, r.setting_id FROM returns r WHERE r.id = sub.return_id OFFSET 0) r ON true
    JOIN LATERAL (SELECT s.partnership_id, s.type, s.basis FROM settings s WHERE s.id = r.setting_id OFFSET 0) s ON s.partnership_id = r.partnership_id
    LEFT JOIN moderation_assignments ma ON ma.return_id = r.id AND ma.partnership_id = r.partnership_id AND ma.role = 'primary' AND ma.status = 'completed'
  ),
  base_judgements AS (
    SELECT j.id, j.assignment_id, j.return_id, j.standard_id, j.verdict, j.moderated_rating
    FROM base b JOIN judgements j ON j.assignment_id = b.assignment_id
  ),
  ans AS (
    SELECT b.return_id, va.standard_id, va.standard_code, va.rating AS self, j.id IS NOT NULL AS has_j,
           CASE WHEN j.id IS NULL THEN NULL WHEN j.verdict = 'revised' THEN j.moderated_rating ELSE va.rating END AS moderated,
           j.id IS NOT NULL AND findings_rank(va.rating) IS NOT NULL
             AND findings_rank(CASE WHEN j.verdict = 'revised' THEN j.moderated_rating ELSE va.rating END) IS NOT NULL AS judged,
           coalesce(j.verdict = 'revised' AND findings_rank(j.moderated_rating) < findings_rank(va.rating), false) AS lowered,
           coalesce(j.verdict = 'revised' AND findings_rank(j.moderated_rating) > findings_rank(va.rating), false) AS raised
    FROM base b
    JOIN LATERAL (SELECT va.standard_id, va.standard_code, va.rating FROM version_answers va WHERE va.version_id = b.version_id OFFSET 0) va ON true
    LEFT JOIN base_judgements j ON j.assignment_id = b.assignment_id AND j.standard_id = va.standard_id
  ),
  per_return AS MATERIALIZED (
    SELECT a.return_id,
           bool_and(a.self IS NOT NULL AND a.self IN ('met','exceeds','not_applicable')) AS every_met,
           count(*) FILTER (WHERE a.lowered)::int AS lowered,
           count(*) FILTER (WHERE a.raised)::int AS raised,
           jsonb_agg(jsonb_build_array(a.standard_id, a.standard_code, a.self, a.moderated,
             (CASE WHEN a.has_j THEN 1 ELSE 0 END) + (CASE WHEN a.judged THEN 2 ELSE 0 END)
             + (CASE WHEN a.lowered THEN 4 ELSE 0 END) + (CASE WHEN a.raised THEN 8 ELSE 0 END)) ORDER BY a.standard_code, a.standard_id) AS answers
    FROM ans a GROUP BY a.return_id
  ),
  exceeded AS (
    SELECT v.return_id, va.standard_id, bool_or(va.unsupported_exceeds) AS unsupported
    FROM versions v
    JOIN LATERAL (SELECT va.standard_id, va.unsupported_exceeds FROM version_answers va WHERE va.version_id = v.id AND va.rating = 'exceeds' OFFSET 0) va ON true
    GROUP BY v.return_id, va.standard_id
  ),
  revised_down AS (
    SELECT DISTINCT j.return_id, j.standard_id FROM base_judgements j
    WHERE j.verdict = 'revised' AND j.moderated_rating <> 'exceeds'
  ),
  challenged AS (
    SELECT ch.return_id, ch.standard_id, (ch.status = 'revised' OR ch.response = 'rating_accepted') AS down
    FROM challenges ch JOIN base b ON b.return_id = ch.return_id AND ch.partnership_id = b.partnership_id
  ),
  challenged_down AS (
    SELECT DISTINCT c.return_id, c.standard_id FROM challenged c WHERE c.down
  ),
  challenge_counts AS MATERIALIZED (
    SELECT c.return_id, count(*)::int AS challenges, (count(*) FILTER (WHERE c.down))::int AS revised FROM challenged c GROUP BY c.return_id
  ),
  judgement_counts AS MATERIALIZED (
    SELECT j.assignment_id, count(*)::int AS judgements FROM base_judgements j GROUP BY j.assignment_id
  ),
  exceeded_returns AS MATERIALIZED (
    SELECT e.return_id, bool_or(e.unsupported OR rd.return_id IS NOT NULL OR cd.return_id IS NOT NULL) AS flagged
    FROM exceeded e
    LEFT JOIN revised_down rd ON rd.return_id = e.return_id AND rd.standard_id = e.standard_id
    LEFT JOIN challenged_down cd ON cd.return_id = e.return_id AND cd.standard_id = e.standard_id
    GROUP BY e.return_id
  ),
  new AS (
    SELECT b.*, coalesce(pr.every_met, false) AS every_met, er.return_id IS NOT NULL AS exceeded, coalesce(er.flagged, false) AS flagged,
           coalesce(jc.judgements, 0) AS judgements,
           coalesce(pr.lowered, 0) AS lowered, coalesce(pr.raised, 0) AS raised,
           coalesce(cc.challenges, 0) AS challenges, coalesce(cc.revised, 0) AS challenges_revised,
           coalesce(pr.answers, '[]'::jsonb) AS answers
    FROM base b LEFT JOIN per_return pr ON pr.return_id = b.return_id LEFT JOIN exceeded_returns er ON er.return_id = b.return_id
    LEFT JOIN judgement_counts jc ON jc.assignment_id = b.assignment_id
    LEFT JOIN challenge_counts cc ON cc.return_id = b.return_id
  ),
  -- (A data-modifying WITH runs to completion whether or not anything reads it.)
  upserted AS (
    INSERT INTO findings_returns AS f (return_id, partnership_id, cycle_id, setting_id, setting_type, basis, version_id, version_number,
      first_submitted_at, latest_submitted_at, every_standard_met, exceeded, exceeded_flagged, assignment_id, outcome, reviewed_at,
      judgements, lowered, raised, challenges, challenges_revised, answers)
    SELECT return_id, partnership_id, cycle_id, setting_id, setting_type, basis, version_id, version_number, first_at, latest_at,
      every_met, exceeded, flagged, assignment_id, outcome, completed_at, judgements, lowered, raised, challenges, challenges_revised, answers
    FROM new ORDER BY return_id
    ON CONFLICT (return_id) DO UPDATE SET
      partnership_id = excluded.partnership_id, cycle_id = excluded.cycle_id, setting_id = excluded.setting_id,
      setting_type = excluded.setting_type, basis = excluded.basis, version_id = excluded.version_id,
      version_number = excluded.version_number, first_submitted_at = excluded.first_submitted_at,
      latest_submitted_at = excluded.latest_submitted_at, every_standard_met = excluded.every_standard_met,
      exceeded = excluded.exceeded, exceeded_flagged = excluded.exceeded_flagged, assignment_id = excluded.assignment_id,
      outcome = excluded.outcome, reviewed_at = excluded.reviewed_at, judgements = excluded.judgements,
      lowered = excluded.lowered, raised = excluded.raised, challenges = excluded.challenges,
      challenges_revised = excluded.challenges_revised, answers = excluded.answers
    RETURNING 1
  ),
  gone AS (
    DELETE FROM findings_returns f WHERE f.return_id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM new WHERE new.return_id = f.return_id)
    RETURNING 1
  ),
  moves AS (
    SELECT o.cycle_id, o.partnership_id, o.setting_type, o.basis, (x ->> 0)::uuid AS standard_id, -1 AS sign,
           x ->> 2 AS self, x ->> 3 AS moderated, (x ->> 4)::int AS flags
    FROM old o CROSS JOIN LATERAL jsonb_array_elements(o.answers) x
    UNION ALL
    SELECT n.cycle_id, n.partnership_id, n.setting_type, n.basis, (x ->> 0)::uuid, 1, x ->> 2, x ->> 3, (x ->> 4)::int
    FROM new n CROSS JOIN LATERAL jsonb_array_elements(n.answers) x
  ),
  sums AS (
    SELECT cycle_id, standard_id, setting_type, basis, min(partnership_id::text)::uuid AS partnership_id,
      sum(sign) FILTER (WHERE self = 'not_met')::int AS self_not_met,
      sum(sign) FILTER (WHERE self = 'partially_met')::int AS self_partially_met,
      sum(sign) FILTER (WHERE self = 'met')::int AS self_met,
      sum(sign) FILTER (WHERE self = 'exceeds')::int AS self_exceeds,
      sum(sign) FILTER (WHERE self = 'not_applicable')::int AS self_not_applicable,
      sum(sign) FILTER (WHERE self IS NULL)::int AS self_none,
      sum(sign) FILTER (WHERE flags & 1 = 1 AND moderated = 'not_met')::int AS mod_not_met,
      sum(sign) FILTER (WHERE flags & 1 = 1 AND moderated = 'partially_met')::int AS mod_partially_met,
      sum(sign) FILTER (WHERE flags & 1 = 1 AND moderated = 'met')::int AS mod_met,
      sum(sign) FILTER (WHERE flags & 1 = 1 AND moderated = 'exceeds')::int AS mod_exceeds,
      sum(sign) FILTER (WHERE flags & 1 = 1 AND moderated = 'not_applicable')::int AS mod_not_applicable,
      sum(sign) FILTER (WHERE flags & 1 = 1 AND moderated IS NULL)::int AS mod_none,
      sum(sign) FILTER (WHERE flags & 2 = 2)::int AS judged,
      sum(sign) FILTER (WHERE flags & 4 = 4)::int AS lowered,
      sum(sign) FILTER (WHERE flags & 8 = 8)::int AS raised
    FROM moves GROUP BY cycle_id, standard_id, setting_type, basis
  )
  INSERT INTO findings_tallies AS t (cycle_id, standard_id, setting_type, basis, partnership_id,
    self_not_met, self_partially_met, self_met, self_exceeds, self_not_applicable, self_none,
    mod_not_met, mod_partially_met, mod_met, mod_exceeds, mod_not_applicable, mod_none, judged, lowered, raised)
  SELECT cycle_id, standard_id, setting_type, basis, partnership_id,
    coalesce(self_not_met, 0), coalesce(self_partially_met, 0), coalesce(self_met, 0), coalesce(self_exceeds, 0),
    coalesce(self_not_applicable, 0), coalesce(self_none, 0), coalesce(mod_not_met, 0), coalesce(mod_partially_met, 0),
    coalesce(mod_met, 0), coalesce(mod_exceeds, 0), coalesce(mod_not_applicable, 0), coalesce(mod_none, 0),
    coalesce(judged, 0), coalesce(lowered, 0), coalesce(raised, 0)
  FROM sums
  -- Always the same order, so two submissions in one cycle never wait for each other in a ring.
  ORDER BY cycle_id, standard_id, setting_type, basis
  ON CONFLICT (cycle_id, standard_id, setting_type, basis) DO UPDATE SET
    self_not_met = t.self_not_met + excluded.self_not_met,
    self_partially_met = t.self_partially_met + excluded.self_partially_met,
    self_met = t.self_met + excluded.self_met,
    self_exceeds = t.self_exceeds + excluded.self_exceeds,
    self_not_applicable = t.self_not_applicable + excluded.self_not_applicable,
    self_none = t.self_none + excluded.self_none,
    mod_not_met = t.mod_not_met + excluded.mod_not_met,
    mod_partially_met = t.mod_partially_met + excluded.mod_partially_met,
    mod_met = t.mod_met + excluded.mod_met,
    mod_exceeds = t.mod_exceeds + excluded.mod_exceeds,
    mod_not_applicable = t.mod_not_applicable + excluded.mod_not_applicable,
    mod_none = t.mod_none + excluded.mod_none,
    judged = t.judged + excluded.judged,
    lowered = t.lowered + excluded.lowered,
    raised = t.raised + excluded.raised;
END;
$$ LANGUAGE plpgsql;

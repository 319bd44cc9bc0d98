/**
 * Shapes for the default audit frameworks seeded into the portal.
 *
 * Codes are stable: sections are numbered from "1", and standards are
 * numbered from 1 within their section ("3.2" is the second standard in
 * section 3). Do not renumber existing codes once a framework is in use,
 * because submitted self-assessments refer to them.
 */

export interface StandardDefinition {
  /** Stable code "section.number", e.g. "3.2". */
  code: string;
  /** One plain-English sentence saying what the setting or organisation must show. */
  title: string;
  /** 2-4 sentences: what good evidence looks like, and what "exceeds" would look like. */
  guidance: string;
  /** True only where a setting or organisation type could genuinely have nothing to show. */
  allowsNotApplicable: boolean;
}

export interface SectionDefinition {
  code: string;
  title: string;
  standards: StandardDefinition[];
}

export interface FrameworkDefinition {
  kind: 'education' | 'agency';
  title: string;
  description: string;
  sections: SectionDefinition[];
}

// What the demo's settings wrote in their returns: the rating spread (spreadRating), with the
// evidence a setting would write for each rating. Both demo partnerships answer with it.
import type { Rating } from "../schema";
import { spreadRating, type ScenarioSetting } from "./scenario";

const EVIDENCE: Record<Exclude<Rating, "not_applicable">, string[]> = {
  not_met: [
    "We have not yet put this in place. The new DSL started in the summer term and this is part of her plan for the autumn.",
  ],
  partially_met: [
    "Most staff have done the training, but records for supply staff are incomplete. We are checking the log against the single central record each half term.",
    "The policy is in place but was last reviewed 18 months ago; governors will approve the reviewed version at the next full governing body meeting.",
  ],
  met: [
    "Policy reviewed and approved by governors in September, published on the website. Staff signed to say they have read it; records held by the school business manager.",
    "Training log shows all staff completed annual safeguarding training in September, with updates at briefings each half term. The DSL keeps the attendance record.",
    "Termly report to governors from the DSL, minutes record questions asked and actions followed up. Safeguarding governor visit notes from March and June.",
  ],
  exceeds: [
    "Our termly audit of 20 concern records found every referral made within 24 hours and every case closed with a recorded outcome. Pupil survey results show 94% know who to talk to, and the safeguarding governor sampled the single central record and concern files in person in March, with findings reported to the full governing body.",
  ],
};

/**
 * The demo's answers: the rating spread shifted by `shift`, with the evidence a setting would
 * write for it; the settings `thinExceeds` picks rate "Exceeds" without the evidence to support
 * it, as a moderation panel finds.
 */
export function demoAnswers(shift: number, thinExceeds: (s: ScenarioSetting) => boolean = () => false) {
  return (s: ScenarioSetting, standard: { index: number }) => {
    const rating = spreadRating(s.index + shift, standard.index);
    const texts = EVIDENCE[rating];
    const evidence = rating === "exceeds" && thinExceeds(s) ? "Outstanding practice throughout." : texts[standard.index % texts.length];
    return { rating, evidence };
  };
}

import type { FrameworkDefinition } from './types';

/**
 * Default agency framework for organisations with duties under section 11
 * of the Children Act 2004 (police, health providers, council services),
 * and for voluntary, faith, sport and leisure organisations that take part
 * in the audit. Grounded in the section 11 arrangements described in
 * Working Together to Safeguard Children 2023. Wording is original to this
 * portal.
 */
export const agencyFramework: FrameworkDefinition = {
  kind: 'agency',
  title: 'Agency safeguarding standards (section 11)',
  description:
    'Self-assessment for organisations against their duty under section 11 of the Children Act 2004 to make sure their functions are carried out with regard to the need to safeguard and promote the welfare of children. Standards follow Working Together to Safeguard Children 2023 and the local safeguarding partnership arrangements.',
  sections: [
    {
      code: '1',
      title: 'Senior management commitment and accountability',
      standards: [
        {
          code: '1.1',
          title:
            'A named member of the board or senior leadership team is accountable for safeguarding children and reports to the board at least once a year.',
          guidance:
            "Good evidence includes the lead's job description or terms of reference, board minutes showing the annual safeguarding report was discussed, and actions agreed. For voluntary and faith groups, the lead may be a named trustee. Exceeds: the board sets safeguarding objectives, tracks them through the year and can show where it challenged managers.",
          allowsNotApplicable: false,
        },
        {
          code: '1.2',
          title:
            "Safeguarding children is built into the organisation's strategy, business plans and risk register, with the resources needed to deliver it.",
          guidance:
            'Good evidence includes a business or strategic plan with safeguarding priorities, safeguarding risks on the corporate risk register with named owners, and budget lines for safeguarding posts and training. Exceeds: decisions about service changes or budget cuts include a written assessment of the impact on children, signed off by the safeguarding lead.',
          allowsNotApplicable: false,
        },
        {
          code: '1.3',
          title:
            'The organisation checks how well its safeguarding arrangements work through regular audit and acts on what it finds.',
          guidance:
            'Good evidence includes an internal audit programme, case file audits, the action plan from the last section 11 self-assessment and progress updates against it. Findings should be reported to senior leaders. Exceeds: the organisation has taken part in a partnership challenge event or peer review and can show changes that followed.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '2',
      title: 'Clear statement of responsibilities available to staff',
      standards: [
        {
          code: '2.1',
          title:
            'The organisation has a safeguarding children policy that sets out its responsibilities, is kept up to date and is easy for all staff and volunteers to find.',
          guidance:
            'Good evidence includes the current policy with review and approval dates, links to the local safeguarding partnership procedures, and proof it is on the intranet, website or in staff handbooks. The policy should be reviewed at least every two years, or sooner when guidance changes. Exceeds: staff surveys or audits show that staff can find the policy and explain its main points.',
          allowsNotApplicable: false,
        },
        {
          code: '2.2',
          title:
            "Job descriptions and role profiles set out each person's safeguarding responsibilities.",
          guidance:
            'Good evidence includes a sample of job descriptions for frontline, managerial and support roles, each with a safeguarding statement suited to the role. Volunteer role descriptions should include the same. Exceeds: safeguarding responsibilities are discussed in appraisals and supervision, and this is recorded.',
          allowsNotApplicable: false,
        },
        {
          code: '2.3',
          title:
            'Staff and volunteers have a code of conduct that sets out expected behaviour with children, including online contact and working alone with a child.',
          guidance:
            'Good evidence includes the code of conduct, signed acknowledgements from staff and volunteers, and induction records. It should cover boundaries, gifts, transport, photographs and use of social media. Exceeds: the organisation uses real scenarios to test understanding and updates the code after concerns about adult behaviour.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '3',
      title: 'Clear lines of accountability',
      standards: [
        {
          code: '3.1',
          title:
            'There is a named safeguarding lead, or designated safeguarding professionals, with clear roles, and staff know who to go to for advice.',
          guidance:
            'Good evidence includes a structure chart showing safeguarding leads, contact details on the intranet or noticeboards, and records of advice given to staff. In health organisations this includes named and designated professionals. Exceeds: advice is available at all times, including out of hours, and records show it is used and acted on.',
          allowsNotApplicable: false,
        },
        {
          code: '3.2',
          title:
            'Staff understand the internal route for reporting a safeguarding concern, and who makes and records decisions at each step.',
          guidance:
            "Good evidence includes a flowchart or procedure for reporting concerns, and case records showing decisions and the name of the decision-maker. The route should not delay an urgent referral to children's social care or the police. Exceeds: audits show concerns move through the route quickly and consistently across teams and sites.",
          allowsNotApplicable: false,
        },
        {
          code: '3.3',
          title:
            'Safeguarding performance information is reported regularly through the governance structure and used to improve services.',
          guidance:
            'Good evidence includes regular performance reports covering referrals, training compliance, allegations and audit findings, and minutes showing they were discussed. Exceeds: the organisation shares its performance data with the safeguarding partnership and uses it to compare itself with similar organisations.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '4',
      title: "Service development takes account of children's views",
      standards: [
        {
          code: '4.1',
          title:
            'Children, young people and families help to plan, design and review the services that affect them.',
          guidance:
            'Good evidence includes records of consultation or participation work with children, youth forums or panels, and service plans that mention their views. Children should be asked in ways that suit their age and needs. Exceeds: children and young people sit on service design or recruitment panels, with training and support to do so.',
          allowsNotApplicable: false,
        },
        {
          code: '4.2',
          title:
            'The organisation can show how feedback and complaints from children and families have changed its services.',
          guidance:
            'Good evidence includes a child-friendly complaints process, feedback summaries, and "you said, we did" reports shared back with children. Exceeds: feedback is analysed by group, such as children with disabilities or from minority communities, and gaps in hearing from some groups are addressed.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '5',
      title: 'Safeguarding training and supervision',
      standards: [
        {
          code: '5.1',
          title:
            'All staff and volunteers receive safeguarding training at induction, at a level that suits their role, and refresh it regularly.',
          guidance:
            'Good evidence includes a training needs analysis setting out the level required for each role, induction records and a training matrix with dates. Health organisations should show compliance with the intercollegiate competence framework. Exceeds: training includes multi-agency courses run by the safeguarding partnership, and compliance is above 95% for all staff groups.',
          allowsNotApplicable: false,
        },
        {
          code: '5.2',
          title:
            'The organisation records who has completed training and checks that it improves practice.',
          guidance:
            'Good evidence includes training reports by team, follow-up action for staff who are overdue, and evaluation of training, such as pre and post questionnaires or case audits. Exceeds: the organisation can show a specific improvement in practice, such as better referral quality, that followed training.',
          allowsNotApplicable: false,
        },
        {
          code: '5.3',
          title:
            'Staff who work with children or families receive regular safeguarding supervision or reflective support suited to their role.',
          guidance:
            'Good evidence includes a supervision policy, supervision records or logs, and attendance at group or reflective sessions. Supervision should give staff time to think about complex cases and the impact of the work on them. Exceeds: audits of supervision records show that supervision leads to clear actions that improve outcomes for children.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '6',
      title: 'Safer recruitment and vetting',
      standards: [
        {
          code: '6.1',
          title:
            'Recruitment follows safer recruitment practice, including application forms, references, and safeguarding questions at interview.',
          guidance:
            'Good evidence includes recruitment policy and guidance, job adverts with a safeguarding statement, interview notes with safeguarding questions, and records of gaps in employment being explored. At least one member of each panel for roles working with children should be trained in safer recruitment. Exceeds: a sample of recent appointments shows every step completed, including for volunteers.',
          allowsNotApplicable: false,
        },
        {
          code: '6.2',
          title:
            'DBS checks at the right level, including barred list checks for regulated activity, are completed before staff and volunteers start, and rechecked in line with policy.',
          guidance:
            'Good evidence includes a DBS policy that sets out which roles need which check, a central record of checks with dates, and risk assessments where a check revealed information. Exceeds: the organisation audits its records regularly, uses the DBS update service, and has a clear process for volunteers and short-term staff.',
          allowsNotApplicable: false,
        },
        {
          code: '6.3',
          title:
            'The organisation refers people to the DBS, and to professional regulators, when the legal criteria are met.',
          guidance:
            'Good evidence includes a procedure for DBS and regulator referrals, a log of referrals made, and HR guidance linking dismissal or resignation during an investigation to the referral duty. Exceeds: HR and safeguarding leads review each case together and record why a referral was or was not made.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '7',
      title: 'Effective inter-agency working and information sharing',
      standards: [
        {
          code: '7.1',
          title:
            'The organisation works with the safeguarding partnership and takes part in multi-agency meetings and plans for children.',
          guidance:
            'Good evidence includes attendance at strategy discussions, child protection conferences and partnership subgroups, and written reports provided for them. Staff should apply the local threshold document when deciding on the help a child needs. Exceeds: the organisation leads or contributes to partnership priorities and can show what it delivered.',
          allowsNotApplicable: false,
        },
        {
          code: '7.2',
          title:
            "Staff know how to make a good-quality referral to children's social care, and the organisation checks referral quality.",
          guidance:
            "Good evidence includes a referral procedure with local contact numbers, a sample of referrals, and feedback from the children's social care front door. Referrals should say what the worry is, what the child has said and what has already been done. Exceeds: regular audits of referrals show improving quality, and learning is shared with staff.",
          allowsNotApplicable: false,
        },
        {
          code: '7.3',
          title:
            'Staff understand that data protection law is not a barrier to sharing information to protect a child, and know how to share it lawfully and securely.',
          guidance:
            'Good evidence includes information sharing guidance for staff, training records, and case records showing what was shared, with whom and why. Information governance and safeguarding leads should agree the approach. Exceeds: staff can give examples of sharing information without consent when a child was at risk, and the reasons are recorded.',
          allowsNotApplicable: false,
        },
        {
          code: '7.4',
          title:
            'The organisation identifies children and families who would benefit from early help and contributes to early help assessments and plans.',
          guidance:
            'Good evidence includes early help guidance for staff, records of early help assessments started or contributed to, and attendance at team around the family meetings. Exceeds: staff act as lead professional where appropriate, and the organisation tracks outcomes for families it supports.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '8',
      title: 'Escalation and resolution of professional disagreement',
      standards: [
        {
          code: '8.1',
          title:
            "Staff know the safeguarding partnership's escalation procedure and feel supported by managers to use it when they disagree with another agency.",
          guidance:
            'Good evidence includes the escalation procedure in policy and training, staff survey results, and records of escalations. Staff should know that professional challenge is expected and safe. Exceeds: managers can give examples where they backed staff through every stage of escalation.',
          allowsNotApplicable: false,
        },
        {
          code: '8.2',
          title:
            'Escalations are recorded, tracked to an outcome and reviewed for learning.',
          guidance:
            'Good evidence includes an escalation log with dates, stages reached and outcomes, and a summary of themes reported to senior leaders. Exceeds: themes are shared with the safeguarding partnership and have led to changes in multi-agency practice.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '9',
      title: 'Allegations against people in positions of trust',
      standards: [
        {
          code: '9.1',
          title:
            'The organisation has a procedure for allegations against staff and volunteers, with a named senior manager, and refers to the local authority designated officer (LADO) within one working day.',
          guidance:
            'Good evidence includes the allegations procedure, a log of allegations with dates of LADO referral and outcomes, and HR records of action taken. The procedure should cover concerns about conduct outside work that suggest a risk to children. Exceeds: each case is reviewed when it closes, and the organisation can show what it changed as a result.',
          allowsNotApplicable: false,
        },
        {
          code: '9.2',
          title:
            'Staff know how to raise concerns about the behaviour of a colleague towards children, including low-level concerns, and these are recorded and acted on.',
          guidance:
            'Good evidence includes guidance on raising concerns about colleagues, a confidential record of concerns, and action taken. Managers should review records to spot patterns. Exceeds: staff report concerns early, including about their own conduct, showing an open culture.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '10',
      title: 'Record keeping',
      standards: [
        {
          code: '10.1',
          title:
            'Safeguarding records are accurate, factual and up to date, and show what was decided and why.',
          guidance:
            "Good evidence includes case file audits, record-keeping standards, and a sample of records with dated entries, the child's own words and reasons for decisions. Records should separate fact from opinion. Exceeds: chronologies are kept for children with ongoing concerns and are used to spot patterns of harm.",
          allowsNotApplicable: false,
        },
        {
          code: '10.2',
          title:
            'Records are stored securely, kept for the right length of time, and staff can see important safeguarding information when they need it.',
          guidance:
            'Good evidence includes an information security policy, a retention schedule, and system alerts or flags for children subject to a child protection plan or who are looked after. Exceeds: the organisation has tested that staff can find key information quickly, including out of hours.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '11',
      title: 'Listening to children and the voice of the child',
      standards: [
        {
          code: '11.1',
          title:
            "Staff see and speak to children wherever possible, and record their wishes, feelings and daily experience.",
          guidance:
            'Good evidence includes case records showing that children were seen, alone where appropriate, and what they said. Records should describe what life is like for the child, not only what adults report. Exceeds: plans and decisions are shared with children in a way they understand, and their views clearly shape the plan.',
          allowsNotApplicable: false,
        },
        {
          code: '11.2',
          title:
            'Children know how to raise a concern or make a complaint, and can get an advocate or interpreter if they need one.',
          guidance:
            'Good evidence includes child-friendly leaflets or web pages, information about advocacy services, and records of interpreters used. Professionals should not use family members to interpret about safeguarding matters. Exceeds: the organisation tracks complaints and concerns raised by children and reports on how they were resolved.',
          allowsNotApplicable: false,
        },
        {
          code: '11.3',
          title:
            'Staff working with adults consider the needs and safety of any children in the household.',
          guidance:
            'Good evidence includes assessment forms that ask about children in the household, think family guidance, and records of referrals made by adult-facing services. This matters for services such as adult mental health, substance misuse, housing and police. Exceeds: audits show staff routinely identify and act on risks to children from the adults they work with.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '12',
      title: 'Contractors and commissioned services',
      standards: [
        {
          code: '12.1',
          title:
            'Contracts and service agreements set out clear safeguarding requirements for providers and contractors that work with children.',
          guidance:
            'Good evidence includes contract clauses covering safeguarding policy, safer recruitment, training, allegations and information sharing, and commissioning guidance for staff. Exceeds: the safeguarding lead reviews requirements before contracts are let. Mark as not applicable only if the organisation commissions or contracts no services involving children.',
          allowsNotApplicable: true,
        },
        {
          code: '12.2',
          title:
            'The organisation checks that commissioned services and contractors meet their safeguarding requirements.',
          guidance:
            'Good evidence includes contract monitoring reports, provider self-assessments, visit notes and action taken when a provider fell short. Exceeds: providers take part in the section 11 audit, and concerns are shared with the safeguarding partnership. Mark as not applicable only if the organisation commissions or contracts no services involving children.',
          allowsNotApplicable: true,
        },
      ],
    },
    {
      code: '13',
      title: 'Whistleblowing',
      standards: [
        {
          code: '13.1',
          title:
            'The organisation has a whistleblowing policy that staff and volunteers know about, including how to raise concerns outside the organisation.',
          guidance:
            'Good evidence includes the policy, induction records, and posters or intranet pages giving the NSPCC whistleblowing advice line and other external routes. Exceeds: staff surveys show that staff know how to raise concerns and would feel confident doing so.',
          allowsNotApplicable: false,
        },
        {
          code: '13.2',
          title:
            'Staff who raise concerns are protected from harm, and the organisation learns from the concerns raised.',
          guidance:
            'Good evidence includes a log of whistleblowing concerns, how each was investigated, and reports to senior leaders on themes. Exceeds: the organisation can show changes made because of concerns raised, and feedback from staff who felt supported.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '14',
      title: 'Learning from reviews',
      standards: [
        {
          code: '14.1',
          title:
            'The organisation tells the safeguarding partners promptly about serious incidents that may need a rapid review.',
          guidance:
            'Good evidence includes a procedure for notifying serious incidents, a log of notifications with dates, and records of contact with the partnership. Staff should know the criteria for a serious child safeguarding case. Exceeds: internal incident reviews are shared with the partnership, and the organisation uses them to identify learning early.',
          allowsNotApplicable: false,
        },
        {
          code: '14.2',
          title:
            'The organisation contributes fully and on time to rapid reviews and child safeguarding practice reviews.',
          guidance:
            'Good evidence includes chronologies and reports submitted on time, staff released to take part in practitioner events, and senior sign-off of submissions. Exceeds: the organisation supports staff throughout the review process, including after it ends.',
          allowsNotApplicable: false,
        },
        {
          code: '14.3',
          title:
            'The organisation acts on learning from local and national reviews and can show what has changed in practice.',
          guidance:
            'Good evidence includes action plans from reviews with progress updates, staff briefings, and audits that check whether learning has taken hold. Learning from national reviews should also be considered. Exceeds: the organisation re-audits after making changes and can show improved outcomes for children.',
          allowsNotApplicable: false,
        },
      ],
    },
  ],
};

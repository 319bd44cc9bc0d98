import type { FrameworkDefinition } from './types';

/**
 * Default education framework for settings covered by section 175 of the
 * Education Act 2002 (maintained schools and further education) and
 * section 157 (independent schools and academies), plus early years
 * settings. Grounded in Keeping Children Safe in Education (2024/2025),
 * Working Together to Safeguard Children 2023 and related statutory
 * guidance. Wording is original to this portal.
 */
export const educationFramework: FrameworkDefinition = {
  kind: 'education',
  title: 'Education safeguarding standards (s175/s157)',
  description:
    'Self-assessment, every two years, for schools, nurseries and colleges against their safeguarding duties under section 175 and section 157 of the Education Act 2002. Standards follow Keeping Children Safe in Education and the local safeguarding partnership arrangements.',
  sections: [
    {
      code: '1',
      title: 'Leadership and governance',
      standards: [
        {
          code: '1.1',
          title:
            'A named governor, trustee or member of the proprietor body leads on safeguarding and challenges the setting on how well it keeps children safe.',
          guidance:
            "Good evidence includes the governing body's terms of reference, minutes naming the safeguarding governor, and notes of their visits to the setting. Minutes should show questions asked and actions followed up, not just reports received. Exceeds: visit notes show the governor testing practice for themselves, for example sampling the single central record, talking to pupils and staff, and checking that earlier actions were completed.",
          allowsNotApplicable: true,
        },
        {
          code: '1.2',
          title:
            'Leaders have created a culture where the welfare of children comes first and every adult knows that safeguarding is their responsibility.',
          guidance:
            'Good evidence includes safeguarding priorities in the development or improvement plan, staff meeting minutes where safeguarding is a regular item, and staff survey results. Staff should be able to explain the "it could happen here" approach in their own words. Exceeds: leaders can show decisions they changed because of a child welfare concern, such as a change to the timetable, site layout or behaviour approach.',
          allowsNotApplicable: false,
        },
        {
          code: '1.3',
          title:
            'Governors or the proprietor receive a safeguarding report at least once a year, and leaders check how well arrangements work through regular audit.',
          guidance:
            'Good evidence includes the annual safeguarding report to governors or the proprietor, with data on concerns, referrals, training and allegations, and the minutes showing how it was discussed. There should be a current safeguarding action plan built from this self-assessment and internal audits. Exceeds: an external or peer review has tested the arrangements and its findings are tracked to completion.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '2',
      title: 'The designated safeguarding lead',
      standards: [
        {
          code: '2.1',
          title:
            'The setting has appointed a designated safeguarding lead (DSL) from its senior leadership team, with the role set out in their job description and enough time to carry it out.',
          guidance:
            "Good evidence includes the DSL's job description naming the responsibilities in Annex C of Keeping Children Safe in Education, the staffing structure, and a timetable or rota showing protected time. In early years settings this is the lead practitioner for safeguarding. Exceeds: time and resources for the role are reviewed each year against caseload data and adjusted when demand rises.",
          allowsNotApplicable: false,
        },
        {
          code: '2.2',
          title:
            'The setting has at least one trained deputy DSL, and a DSL or deputy is always available during the school day, for out-of-hours activities and during school holidays.',
          guidance:
            'Good evidence includes a cover rota, arrangements for trips, residentials and holiday clubs, and a record of who to contact if the DSL is away. Deputies should hold the same level of training as the DSL. Exceeds: deputies are actively involved in casework, so that cover works in practice and knowledge of cases is not held by one person.',
          allowsNotApplicable: false,
        },
        {
          code: '2.3',
          title:
            'The DSL and deputies complete formal DSL training at least every two years, update their knowledge at least once a year, and receive regular supervision.',
          guidance:
            'Good evidence includes training certificates with dates, a record of updates such as partnership briefings, bulletins and network meetings, and notes of supervision sessions. Supervision can come from a senior leader, a local authority service or a network of DSLs. Exceeds: the DSL can show how recent training or supervision changed how a case was handled, and passes learning on to staff.',
          allowsNotApplicable: false,
        },
        {
          code: '2.4',
          title:
            'Staff, pupils, parents and carers know who the DSL and deputies are and how to contact them.',
          guidance:
            'Good evidence includes posters with names and photographs around the site, contact details on the website and in the parent handbook, and induction materials for new staff and visitors. Pupil voice surveys or conversations should show that children can name a DSL or a trusted adult. Exceeds: information is available in the main community languages and in formats suitable for younger children and pupils with special educational needs and disabilities (SEND).',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '3',
      title: 'Policies and procedures',
      standards: [
        {
          code: '3.1',
          title:
            'The setting has a child protection policy, reviewed every year and published on its website or made available to parents on request.',
          guidance:
            'Good evidence includes the current policy with its review and approval dates, the governor or proprietor minutes approving it, and the website link. The policy should name the DSL and deputies and describe how parents and carers can raise a concern. Exceeds: there is a child-friendly version, written with pupils, that explains what happens when they tell an adult something worrying.',
          allowsNotApplicable: false,
        },
        {
          code: '3.2',
          title:
            'The child protection policy reflects the current Keeping Children Safe in Education and the local safeguarding partnership procedures, and describes how the setting works in practice.',
          guidance:
            'Good evidence is a policy that refers to the local threshold document, local referral routes and contact numbers, and the local escalation procedure. It should describe the setting itself, for example its site, age range, boarding or SEND provision, rather than being a generic template. Exceeds: the policy is updated promptly when national or local guidance changes, with a change log that staff are briefed on.',
          allowsNotApplicable: false,
        },
        {
          code: '3.3',
          title:
            'The setting has a staff code of conduct that sets clear boundaries for relationships with pupils, including contact outside the setting, use of technology and social media.',
          guidance:
            'Good evidence includes the code of conduct, signed acknowledgements from staff and volunteers, and induction records. The code should cover one-to-one working, gifts, transport, photographs and personal devices. Exceeds: the setting checks that staff understand the code through scenario discussions and reviews it after any concern about adult behaviour.',
          allowsNotApplicable: false,
        },
        {
          code: '3.4',
          title:
            'Related policies, such as behaviour, online safety, attendance, SEND, intimate care, searching and the use of reasonable force, are consistent with the child protection policy.',
          guidance:
            'Good evidence includes a policy schedule showing review dates and owners, and cross-references between related policies and the child protection policy. The behaviour policy should explain how staff consider whether poor behaviour may be a sign of harm. Exceeds: the DSL reviews each related policy for safeguarding content before approval, and this is recorded.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '4',
      title: 'Safer recruitment and the single central record',
      standards: [
        {
          code: '4.1',
          title:
            'The setting keeps a single central record of pre-appointment checks that meets the requirements of Keeping Children Safe in Education and is checked regularly.',
          guidance:
            'Good evidence is the single central record itself, covering staff, supply and agency staff, volunteers where required, and proprietors or governors, with dates for every check. A senior leader and a governor should sign and date regular checks of the record. Exceeds: an independent audit of the record and a sample of personnel files found no gaps, or any gaps were closed quickly and the cause fixed.',
          allowsNotApplicable: false,
        },
        {
          code: '4.2',
          title:
            'Recruitment follows safer recruitment practice, and at least one person on every interview panel has completed safer recruitment training.',
          guidance:
            'Good evidence includes job adverts with a safeguarding statement, application forms rather than CVs alone, records of gaps in employment being explored, references requested before interview, online searches on shortlisted candidates, and safeguarding questions in interview notes. Training certificates for panel members should be on file. Exceeds: a sample of recent appointments shows every step completed, and the setting has reviewed its process after learning from local or national cases.',
          allowsNotApplicable: false,
        },
        {
          code: '4.3',
          title:
            'All required checks are completed before staff and volunteers start work, including enhanced DBS checks, barred list checks for regulated activity, identity, right to work, qualifications and prohibition checks.',
          guidance:
            'Good evidence includes personnel files and the single central record showing the date each check was completed before the start date. Where someone has lived or worked overseas, there should be a record of the extra checks made. Where a person must start before a DBS certificate arrives, there should be a signed risk assessment and supervision plan. Exceeds: the setting tracks time taken for each check and acts on delays.',
          allowsNotApplicable: false,
        },
        {
          code: '4.4',
          title:
            'The setting gets written confirmation of checks on agency, supply and third-party staff, and manages visitors, contractors and volunteers safely.',
          guidance:
            'Good evidence includes written confirmation from agencies and contractors, identity checks on arrival, a visitor log, badges and a visitor safeguarding leaflet. Visiting speakers should be checked in advance and their content reviewed. Exceeds: the setting audits a sample of agency confirmations each term and can show it has challenged a provider when information was missing.',
          allowsNotApplicable: false,
        },
        {
          code: '4.5',
          title:
            'Where the setting hires or lets its premises to other organisations, the agreement requires them to have safeguarding arrangements, and the setting checks this.',
          guidance:
            "Good evidence includes hire or letting agreements with safeguarding clauses, copies of the hirer's child protection policy, and a record of what was checked. The agreement should say the letting can end if the hirer does not meet these terms. Exceeds: hirers know how to contact the setting's DSL, and the setting has acted on a concern about a hirer. Mark as not applicable only if the premises are never let.",
          allowsNotApplicable: true,
        },
      ],
    },
    {
      code: '5',
      title: 'Staff and governor training',
      standards: [
        {
          code: '5.1',
          title:
            'All staff, including supply staff and volunteers, receive safeguarding and child protection training at induction, with regular updates at least once a year.',
          guidance:
            'Good evidence includes induction checklists, a training matrix with dates for every member of staff, and records of updates such as briefings, bulletins and staff meeting sessions. Training should include online safety and the role of filtering and monitoring. Exceeds: nobody in the training matrix is overdue, and updates are used to respond quickly to local issues.',
          allowsNotApplicable: false,
        },
        {
          code: '5.2',
          title:
            'All staff have read at least Part one of Keeping Children Safe in Education, or Annex A where appropriate, and can explain what it means for their role.',
          guidance:
            'Good evidence includes signed or electronic confirmation from each member of staff, with the date of the version read. Leaders should also check understanding, for example through quizzes or conversations during learning walks. Exceeds: staff can give examples of acting on the guidance, and gaps found in checks led to extra training.',
          allowsNotApplicable: false,
        },
        {
          code: '5.3',
          title:
            'Governors, trustees and proprietors receive safeguarding training at induction, updated regularly, so they can carry out their strategic role.',
          guidance:
            'Good evidence includes a governor training record with dates and course titles, and minutes showing training was discussed. Training should cover their duties under Keeping Children Safe in Education, including safer recruitment and filtering and monitoring. Exceeds: the whole board has been trained together and can show how this improved the challenge it gives leaders.',
          allowsNotApplicable: true,
        },
        {
          code: '5.4',
          title:
            "Training is based on the setting's local risks and its pupils' needs, including the extra barriers to spotting abuse in children with SEND, and its impact is checked.",
          guidance:
            "Good evidence includes a training needs analysis linked to local data and the setting's own concerns, and training content covering SEND, local exploitation risks and other priorities. Leaders should check impact, for example through case file reviews or scenario exercises. Exceeds: the quality of referrals and records has improved measurably after training.",
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '6',
      title: 'Recognising, responding to and referring concerns, and early help',
      standards: [
        {
          code: '6.1',
          title:
            'All staff know the signs of abuse, neglect and exploitation, and report any concern to the DSL straight away, using the agreed recording system.',
          guidance:
            "Good evidence includes records of concerns raised by a wide range of staff, including support, catering and site staff, and logged on the day. Staff should be able to describe what they would do if a child told them something, including not promising to keep a secret. Exceeds: audits show concerns are recorded in the child's own words, with a clear account of what was seen or heard.",
          allowsNotApplicable: false,
        },
        {
          code: '6.2',
          title:
            "The DSL makes timely referrals to children's social care, and to the police where a crime may have been committed, and follows each referral up.",
          guidance:
            "Good evidence includes a sample of referrals with dates, the information shared, the outcome and any follow-up or challenge. Staff should also know they can refer directly to children's social care if they need to. Exceeds: the DSL tracks every referral to an outcome and can show how feedback from social care has improved referral quality.",
          allowsNotApplicable: false,
        },
        {
          code: '6.3',
          title:
            'The setting identifies children who would benefit from early help and takes an active part in early help assessments and plans.',
          guidance:
            'Good evidence includes a list of children receiving early help, assessments the setting started or contributed to, and records of team around the family meetings. Staff should know the signs that early help may be needed, such as a child who is a young carer or is often absent. Exceeds: staff act as lead professional where appropriate, and plans show improved outcomes for children.',
          allowsNotApplicable: false,
        },
        {
          code: '6.4',
          title:
            'The setting knows which children have or have had a social worker or are looked after, and uses this to support their safety, attendance and learning.',
          guidance:
            "Good evidence includes the DSL's list of children with a social worker, looked-after and previously looked-after children, and records of work with the virtual school. Where required, a designated teacher for looked-after children should be named and working with the DSL. Exceeds: decisions about exclusion, part-time timetables or attendance for these children are always discussed with the DSL and the child's social worker first.",
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '7',
      title: 'Record keeping and information sharing',
      standards: [
        {
          code: '7.1',
          title:
            'Concerns, discussions, decisions and actions are recorded promptly, with the reasons for decisions, and child protection files are kept securely and separately from the main pupil file.',
          guidance:
            'Good evidence includes a sample of child protection files with a chronology, dated and signed entries, and a record of why a referral was or was not made. Access to files should be limited to those who need it, whether paper or electronic. Exceeds: the DSL reviews open files regularly to spot patterns, and file audits show consistent quality across all staff.',
          allowsNotApplicable: false,
        },
        {
          code: '7.2',
          title:
            'Child protection files are transferred securely and quickly when a child moves setting, and receipt is confirmed.',
          guidance:
            'Good evidence includes transfer logs showing files sent separately from the main pupil record, within five school days for in-year moves or within the first five days of a new term. There should be confirmation of receipt from the new setting. Exceeds: for children with complex needs, the DSL speaks to the new DSL before the child starts, and the setting chases incoming files that have not arrived.',
          allowsNotApplicable: false,
        },
        {
          code: '7.3',
          title:
            'Staff understand that data protection law does not stop them sharing information to keep a child safe, and know how to share it lawfully and securely.',
          guidance:
            'Good evidence includes an information sharing section in the child protection policy, staff training on the government advice on information sharing, and records showing what was shared, with whom and why. The data protection officer and DSL should agree the approach. Exceeds: staff can give examples of sharing information with confidence, including without consent where a child was at risk of harm.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '8',
      title: 'Managing allegations and low-level concerns about adults',
      standards: [
        {
          code: '8.1',
          title:
            'The setting follows a clear procedure when an adult may have harmed a child, including referring to the local authority designated officer (LADO) within one working day.',
          guidance:
            'Good evidence includes the allegations procedure, a log of allegations with dates of LADO referral and outcomes, and records of referrals to the DBS or the Teaching Regulation Agency where the criteria were met. The procedure should cover staff, supply staff, volunteers and contractors. Exceeds: the setting reviews each case when it closes and acts on what it learned, for example changes to supervision or the code of conduct.',
          allowsNotApplicable: false,
        },
        {
          code: '8.2',
          title:
            'Allegations about the headteacher, principal or proprietor are reported to the right person, such as the chair of governors, and never handled by the person concerned.',
          guidance:
            'Good evidence is a procedure that names who to report to and how to contact them, and staff who can explain it. Where there is no governing body, the procedure should say who to contact, including the LADO directly. Exceeds: the chair of governors or equivalent has had training in managing allegations and knows the LADO process.',
          allowsNotApplicable: false,
        },
        {
          code: '8.3',
          title:
            'Staff know how to share a low-level concern about an adult, and the setting records, reviews and responds to these concerns.',
          guidance:
            'Good evidence includes a low-level concerns policy, a confidential log held by the headteacher or DSL, and records of action taken, such as a conversation or extra guidance. Leaders should review the log to spot patterns. Exceeds: staff self-report when they find themselves in a compromising situation, showing an open culture.',
          allowsNotApplicable: false,
        },
        {
          code: '8.4',
          title:
            'Staff know how to raise concerns about poor or unsafe practice, including how to go outside the setting if they need to.',
          guidance:
            'Good evidence includes a whistleblowing policy, induction records covering it, and posters or handbook entries giving the NSPCC whistleblowing advice line. Staff should feel able to raise concerns about any adult, including senior leaders. Exceeds: leaders can show a concern raised by staff that led to a change, and the staff member was supported throughout.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '9',
      title: 'Curriculum, relationships education and online safety',
      standards: [
        {
          code: '9.1',
          title:
            'Children are taught how to keep themselves safe, including healthy relationships, consent and online safety, in a way that suits their age and needs.',
          guidance:
            'Good evidence includes the relationships, sex and health education (RSHE) curriculum plan, or the early years equivalent, and lesson examples covering online safety and consent. Teaching should respond to local risks and concerns seen in the setting. Exceeds: pupils can explain what they have learned, and content was adapted after pupil feedback or a rise in a particular concern.',
          allowsNotApplicable: false,
        },
        {
          code: '9.2',
          title:
            'The setting has filtering and monitoring systems that meet the Department for Education standards, with clear roles, and reviews them at least once a year.',
          guidance:
            'Good evidence includes a dated annual review of filtering and monitoring, the names of the senior leader and governor responsible, and records of checks that the filtering works on all devices. The review should consider the risks to your pupils and any new technology. Exceeds: the setting tests filtering regularly, including on mobile and remote devices, and records changes made as a result.',
          allowsNotApplicable: false,
        },
        {
          code: '9.3',
          title:
            'The DSL takes lead responsibility for online safety, and alerts from monitoring systems are acted on promptly.',
          guidance:
            "Good evidence includes records of monitoring alerts, what was done and by whom, and evidence that the DSL understands the systems in use. The setting's approach should cover content, contact, conduct and commerce risks, and new technology such as generative AI. Exceeds: monitoring data is used to identify trends and shape teaching and staff training.",
          allowsNotApplicable: false,
        },
        {
          code: '9.4',
          title:
            'The setting has clear rules on mobile phones, smart devices, cameras and images, and helps parents and carers keep children safe online.',
          guidance:
            'Good evidence includes a mobile phone and devices policy for pupils, staff and visitors, rules on taking and storing images, and information sessions or newsletters for parents. In early years settings the policy should cover personal phones and cameras in rooms. Exceeds: the setting follows national advice on responding to nude and semi-nude image sharing and staff have practised using it.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '10',
      title: 'Specific safeguarding risks',
      standards: [
        {
          code: '10.1',
          title:
            'Staff understand child criminal and sexual exploitation, including county lines, and the setting works with partners to respond to risks in the local area.',
          guidance:
            'Good evidence includes staff training on exploitation, records showing use of local exploitation screening tools and referrals, and involvement in local multi-agency exploitation meetings. The DSL should know the main risks outside the setting, such as places or groups of concern. Exceeds: the setting shares intelligence with partners and can show changes in its own practice, such as supervision at the end of the day, in response.',
          allowsNotApplicable: false,
        },
        {
          code: '10.2',
          title:
            'The setting meets the Prevent duty, with a risk assessment, trained staff and a clear route for making a Prevent referral.',
          guidance:
            'Good evidence includes a Prevent risk assessment, staff Prevent training records, and the referral route to the local Prevent team. Online filtering should cover extremist content. Exceeds: the curriculum helps pupils to challenge extremist views, and the risk assessment is updated in response to local Prevent briefings.',
          allowsNotApplicable: false,
        },
        {
          code: '10.3',
          title:
            'The setting has a clear approach to child-on-child abuse, including sexual violence and sexual harassment, that staff apply consistently.',
          guidance:
            'Good evidence includes a child-on-child abuse section in the child protection policy, records of incidents with the support given to all children involved, and risk assessments where needed. Staff should challenge harmful language and behaviour and never dismiss it as banter. Exceeds: the setting analyses its records for patterns and uses pupil surveys to find out about behaviour that children may not report.',
          allowsNotApplicable: false,
        },
        {
          code: '10.4',
          title:
            'Staff understand female genital mutilation (FGM), forced marriage and so-called honour-based abuse, and teachers know their legal duty to report known cases of FGM to the police.',
          guidance:
            'Good evidence includes training records, references to the mandatory reporting duty in the child protection policy, and local contact details. Staff should know the warning signs, such as planned extended trips abroad. Exceeds: the setting works with local community organisations to raise awareness among families.',
          allowsNotApplicable: false,
        },
        {
          code: '10.5',
          title:
            'The setting recognises the impact of domestic abuse on children and responds to police notifications of domestic abuse incidents, such as Operation Encompass.',
          guidance:
            'Good evidence includes a named key adult for notifications, a log of notifications received and the support given to each child, and staff training on domestic abuse. Notifications should be acted on before or at the start of the school day. Exceeds: children who have experienced domestic abuse have a support plan reviewed with them, and the setting takes part in multi-agency risk assessment conferences where asked.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '11',
      title: 'Attendance and children missing education',
      standards: [
        {
          code: '11.1',
          title:
            'The setting follows up unexplained absence on the first day, treats repeated or unexplained absence as a possible sign of harm, and holds more than one emergency contact for each child.',
          guidance:
            'Good evidence includes the attendance policy, first-day calling records, records showing when absence led to a welfare check or referral, and contact records with at least two named adults where possible. The attendance lead and the DSL should meet regularly. Exceeds: the setting analyses absence patterns by group, such as children with a social worker, and acts on what it finds.',
          allowsNotApplicable: false,
        },
        {
          code: '11.2',
          title:
            'The setting tells the local authority when it removes a pupil from its admission register, including when parents choose elective home education, and works with it on children missing education.',
          guidance:
            'Good evidence includes records of notifications to the local authority with dates and reasons for removal, and records of reasonable enquiries made before removing a child whose whereabouts are unknown. For elective home education, there should be a record of any meeting offered to parents. Exceeds: the setting contacts the local authority before a parent decides on home education where the child is vulnerable. Early years settings that do not keep an admission register may mark this not applicable.',
          allowsNotApplicable: true,
        },
        {
          code: '11.3',
          title:
            'The setting stays responsible for the safety of pupils it places in alternative provision, with written confirmation of checks and regular monitoring.',
          guidance:
            "Good evidence includes written confirmation of the provider's safeguarding checks, a daily attendance record for each pupil, visit notes, and a named member of staff for each placement. The setting should know where each pupil is during the school day. Exceeds: pupils placed in alternative provision are seen in person regularly and their views about feeling safe are recorded. Mark as not applicable only if no pupils are placed in alternative provision.",
          allowsNotApplicable: true,
        },
        {
          code: '11.4',
          title:
            'Part-time timetables are used only in exceptional circumstances, are agreed with parents, have an end date and are reviewed regularly.',
          guidance:
            'Good evidence includes a list of pupils on part-time timetables, signed agreements with review dates, and records that the DSL and any social worker were consulted. There should be a plan to return each pupil to full-time education. Exceeds: the setting reports part-time timetables to governors and the local authority, and reviews show they are short and successful. Mark as not applicable only if the setting has no pupils of compulsory school age.',
          allowsNotApplicable: true,
        },
      ],
    },
    {
      code: '12',
      title: 'Multi-agency working and escalation',
      standards: [
        {
          code: '12.1',
          title:
            "The setting uses the local safeguarding partnership's threshold document to decide what level of help a child needs.",
          guidance:
            'Good evidence includes referral records that refer to the threshold document, DSL training on it, and case discussions showing how thresholds were applied. Staff should know where to find the document. Exceeds: the DSL uses the threshold document to discuss cases with other agencies and can show consistent decisions across similar cases.',
          allowsNotApplicable: false,
        },
        {
          code: '12.2',
          title:
            'The setting attends and contributes to multi-agency meetings, such as strategy discussions, child protection conferences, core groups and child in need meetings.',
          guidance:
            "Good evidence includes attendance records, copies of written reports submitted for conferences, and actions from plans that the setting carried out. Where staff cannot attend, there should be a record of the report sent instead. Exceeds: reports include the child's views and clear analysis, and partners have fed back on their quality.",
          allowsNotApplicable: false,
        },
        {
          code: '12.3',
          title:
            'The setting challenges other agencies when it disagrees with a decision about a child, using the local escalation procedure, and records the outcome.',
          guidance:
            'Good evidence includes the escalation procedure in the child protection policy, an escalation log, and records of conversations and outcomes. Staff should know that professional challenge is expected and supported. Exceeds: the setting can show escalations that changed outcomes for children, and it shares themes with the partnership.',
          allowsNotApplicable: false,
        },
        {
          code: '12.4',
          title:
            "The setting takes part in the safeguarding partnership's work and shares learning from local and national child safeguarding practice reviews with staff.",
          guidance:
            'Good evidence includes attendance at partnership briefings or DSL networks, responses to partnership audits, and staff briefings on review findings. The setting should be able to show how it used learning from a review. Exceeds: the setting contributes to partnership groups or reviews and has changed its own practice as a result.',
          allowsNotApplicable: false,
        },
      ],
    },
    {
      code: '13',
      title: 'Pupil voice and wellbeing',
      standards: [
        {
          code: '13.1',
          title:
            'Children have trusted adults and several ways to share a worry, and know they will be listened to and taken seriously.',
          guidance:
            'Good evidence includes worry boxes or online reporting tools, pupil surveys about feeling safe, and examples of concerns raised by children themselves. Children should know about external helplines such as Childline. Exceeds: the setting tells children what happened as a result of their concerns, where it is safe to do so.',
          allowsNotApplicable: false,
        },
        {
          code: '13.2',
          title:
            "The setting asks children about their safety and wellbeing and uses their views to improve its safeguarding arrangements.",
          guidance:
            'Good evidence includes survey results, school council or pupil panel minutes, and a record of changes made in response, such as to supervision of certain areas. Views should be sought from different groups of pupils. Exceeds: pupils help to review policies or lead safeguarding work, such as peer mentoring or anti-bullying ambassadors.',
          allowsNotApplicable: false,
        },
        {
          code: '13.3',
          title:
            "The setting supports children's mental health and wellbeing, with a named lead and clear routes to specialist help.",
          guidance:
            'Good evidence includes a mental health and wellbeing plan, a named senior mental health lead, and records of referrals to mental health services and in-house support. Staff should understand that mental health problems can sometimes be a sign of abuse or neglect. Exceeds: the setting measures the impact of its support and works closely with mental health support teams where available.',
          allowsNotApplicable: false,
        },
        {
          code: '13.4',
          title:
            'Children with SEND and children who find it harder to communicate have suitable ways to share their views and worries.',
          guidance:
            "Good evidence includes communication aids, visual resources, records of adapted ways of seeking views, and training for staff on recognising changes in behaviour. Staff should know that signs of harm can be wrongly put down to a child's disability. Exceeds: each child with communication needs has a known way of saying they are unhappy, recorded in their support plan.",
          allowsNotApplicable: false,
        },
      ],
    },
  ],
};

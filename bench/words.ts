// Vocabulary for the synthetic newsroom archive: names, places and the phrases news about sanctions is
// made of. Only texture; the shape of the graph comes from bench/generate.ts.

export const COUNTRIES: readonly [name: string, alias: string, demonym: string][] = [
  ['United States', 'Washington', 'American'],
  ['China', 'Beijing', 'Chinese'],
  ['Russia', 'Moscow', 'Russian'],
  ['North Korea', 'Pyongyang', 'North Korean'],
  ['South Korea', 'Seoul', 'South Korean'],
  ['Japan', 'Tokyo', 'Japanese'],
  ['Iran', 'Tehran', 'Iranian'],
  ['United Kingdom', 'London', 'British'],
  ['France', 'Paris', 'French'],
  ['Germany', 'Berlin', 'German'],
  ['India', 'New Delhi', 'Indian'],
  ['Brazil', 'Brasília', 'Brazilian'],
  ['Turkey', 'Ankara', 'Turkish'],
  ['Venezuela', 'Caracas', 'Venezuelan'],
  ['Cuba', 'Havana', 'Cuban'],
  ['Syria', 'Damascus', 'Syrian'],
  ['Belarus', 'Minsk', 'Belarusian'],
  ['Myanmar', 'Naypyidaw', 'Myanmar'],
  ['Ukraine', 'Kyiv', 'Ukrainian'],
  ['Israel', 'Jerusalem', 'Israeli'],
  ['Saudi Arabia', 'Riyadh', 'Saudi'],
  ['Egypt', 'Cairo', 'Egyptian'],
  ['South Africa', 'Pretoria', 'South African'],
  ['Nigeria', 'Abuja', 'Nigerian'],
  ['Mexico', 'Mexico City', 'Mexican'],
  ['Canada', 'Ottawa', 'Canadian'],
  ['Australia', 'Canberra', 'Australian'],
  ['Italy', 'Rome', 'Italian'],
  ['Spain', 'Madrid', 'Spanish'],
  ['Poland', 'Warsaw', 'Polish'],
  ['Sweden', 'Stockholm', 'Swedish'],
  ['Norway', 'Oslo', 'Norwegian'],
  ['Switzerland', 'Bern', 'Swiss'],
  ['Qatar', 'Doha', 'Qatari'],
  ['Pakistan', 'Islamabad', 'Pakistani'],
  ['Indonesia', 'Jakarta', 'Indonesian'],
  ['Vietnam', 'Hanoi', 'Vietnamese'],
  ['Malaysia', 'Kuala Lumpur', 'Malaysian'],
  ['Singapore', 'Singapore', 'Singaporean'],
  ['Argentina', 'Buenos Aires', 'Argentine'],
  ['Chile', 'Santiago', 'Chilean'],
  ['Kazakhstan', 'Astana', 'Kazakh'],
  ['Mongolia', 'Ulaanbaatar', 'Mongolian'],
  ['Libya', 'Tripoli', 'Libyan'],
  ['Sudan', 'Khartoum', 'Sudanese'],
  ['Ethiopia', 'Addis Ababa', 'Ethiopian'],
  ['Kenya', 'Nairobi', 'Kenyan'],
  ['Nicaragua', 'Managua', 'Nicaraguan'],
  ['Eritrea', 'Asmara', 'Eritrean'],
  ['Zimbabwe', 'Harare', 'Zimbabwean'],
];

export const FIRST_NAMES = [
  'Lu', 'Hua', 'Wang', 'Maria', 'John', 'Sergei', 'Kim', 'Hassan', 'Anna', 'David', 'Elena', 'Ahmed', 'Yuki', 'Pierre',
  'Ingrid', 'Carlos', 'Fatima', 'Olga', 'Rajesh', 'Chen', 'Nicolás', 'Sofia', 'James', 'Park', 'Amir', 'Lena', 'Tomás',
  'Grace', 'Viktor', 'Aisha', 'Mei', 'Jonas', 'Laura', 'Dmitri', 'Hiroshi', 'Nadia', 'Omar', 'Eva', 'Samuel', 'Leila',
];

export const LAST_NAMES = [
  'Kang', 'Chunying', 'Yi', 'Zakharova', 'Kirby', 'Lavrov', 'Song', 'Rouhani', 'Baerbock', 'Miller', 'Petrova', 'Khan',
  'Tanaka', 'Dubois', 'Larsen', 'Mendoza', 'Haddad', 'Ivanova', 'Sharma', 'Wei', 'Maduro', 'Rossi', 'Blake', 'Ji-hoon',
  'Rahimi', 'Schmidt', 'García', 'Okafor', 'Orban', 'Diallo', 'Lin', 'Berg', 'Costa', 'Volkov', 'Sato', 'Nasser',
  'Farouk', 'Novak', 'Mensah', 'Karimi', 'Cohen', 'Moreau', 'Santos', 'Nguyen', 'Yilmaz',
];

export const ORGANIZATION_KINDS: readonly [kind: 'ORGANIZATION' | 'COMPANY' | 'MEDIA_OUTLET' | 'POLITICAL_PARTY', suffix: string, role: string][] = [
  ['ORGANIZATION', 'Institute for Strategic Studies', 'Senior fellow'],
  ['ORGANIZATION', 'University', 'Professor'],
  ['ORGANIZATION', 'Center for Peace Research', 'Director'],
  ['COMPANY', 'Trading Corporation', 'Chief executive'],
  ['COMPANY', 'Mining Group', 'Spokeswoman'],
  ['MEDIA_OUTLET', 'News Agency', 'Commentator'],
  ['POLITICAL_PARTY', 'People’s Party', 'Deputy leader'],
];

export const ORGANIZATION_WORDS = [
  'Northern', 'Pacific', 'Atlantic', 'Eastern', 'Global', 'National', 'Continental', 'Harbor', 'Summit', 'Meridian',
  'Horizon', 'Liberty', 'Unity', 'Crescent', 'Aurora', 'Delta', 'Granite', 'Silver', 'Capital', 'Frontier',
];

export const MINISTRIES: readonly [name: string, role: string][] = [
  ['Foreign Ministry', 'Foreign Ministry spokesman'],
  ['Ministry of Finance', 'Finance minister'],
];

export const PUBLICATIONS = [
  'The New York Times', 'Reuters', 'Associated Press', 'The Guardian', 'Le Monde', 'Der Spiegel', 'South China Morning Post',
  'The Korea Herald', 'Al Jazeera', 'The Washington Post', 'Financial Times', 'Nikkei Asia',
];

export const SECTIONS = ['World', 'Asia Pacific', 'Politics', 'Business', 'Europe', 'Middle East', null];

export const TOPICS = [
  'Nuclear nonproliferation', 'Human rights', 'Cybersecurity', 'Forced labor', 'Energy security', 'Arms control',
  'Maritime security', 'Financial crime', 'Trade policy', 'Press freedom', 'Election integrity', 'Humanitarian aid',
];

export const SUBJECTS = [
  'the new measures', 'these sanctions', 'the resolution', 'the designation', 'unilateral pressure', 'the embargo',
  'the export controls', 'the asset freeze', 'the council’s decision', 'the latest round of penalties',
];

export const VERBS = [
  'will only worsen', 'cannot resolve', 'are a necessary response to', 'undermine', 'send a clear message about',
  'do nothing to address', 'strengthen', 'threaten', 'are consistent with', 'complicate efforts to resolve',
];

export const OBJECTS = [
  'tensions on the peninsula', 'the humanitarian situation', 'regional stability', 'the talks', 'international law',
  'the nonproliferation regime', 'trade between the two countries', 'the missile program', 'efforts at dialogue',
  'the financing of weapons programs', 'ordinary people', 'the credibility of the council',
];

export const FILLERS = [
  'The announcement came after weeks of closed-door negotiations.',
  'Officials did not say when the measures would take effect.',
  'Analysts said the impact on trade was likely to be limited.',
  'The ministry released a statement late on Tuesday.',
  'Markets in the region fell slightly after the news.',
  'Diplomats said further talks were planned for next month.',
  'The decision follows a series of missile launches this year.',
  'Human rights groups welcomed the move but called for more.',
  'The government has repeatedly denied the accusations.',
  'Shipping data showed a sharp drop in exports last quarter.',
  'The council is expected to review the measures in six months.',
  'Several companies said they were studying the new rules.',
];

/** Words sprinkled into a small share of texts, so a search has a realistic, bounded number of hits. */
export const RARE_WORDS = ['phosphate', 'tungsten', 'cobalt', 'anthracite', 'seafood'];

export const VENUES = ['a regular news briefing', 'a press conference', 'an interview', 'a televised address', 'a statement', null];

export const EVENT_TITLES: Record<string, string> = {
  NUCLEAR_TEST: 'Nuclear test',
  MISSILE_LAUNCH: 'Missile launch',
  CYBER_ATTACK: 'Cyber attack',
  SENTENCING: 'Sentencing',
  PRESS_BRIEFING: 'Press briefing',
  DIPLOMATIC_TALKS: 'Talks',
  SUMMIT: 'Summit',
  VOTE: 'Vote',
  MILITARY_ACTION: 'Military exercise',
  ARREST: 'Arrest',
  OTHER: 'Incident',
};

export const INSTRUMENT_NAMES: Record<string, [prefix: string, name: string]> = {
  EXECUTIVE_ORDER: ['E.O.', 'Executive Order'],
  UN_SECURITY_COUNCIL_RESOLUTION: ['S/RES/', 'Security Council Resolution'],
  DESIGNATION: ['DES-', 'Designation'],
  LEGISLATION: ['Pub.L. ', 'Sanctions Act'],
  REGULATION: ['Reg. ', 'Council Regulation'],
};

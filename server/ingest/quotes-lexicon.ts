// The closed word lists the quote extractor's rules lean on: verbs of saying, the words a speaker's
// title is made of, the keywords that mark an institution, and the states a report may name (or
// stand in for by their capital). Kept apart from the rules so a reader can extend a list without
// reading the grammar.
import type { ActorKind } from '../store/enums.js';

/** Verbs that report speech and can carry a reported clause ("Lu warned that …"). */
export const CLAUSE_VERBS = [
  'said', 'says', 'say', 'added', 'adds', 'adding', 'warned', 'warns', 'insisted', 'insists', 'maintained',
  'maintains', 'argued', 'argues', 'noted', 'notes', 'stressed', 'stresses', 'claimed', 'claims', 'contended',
  'contends', 'asserted', 'asserts', 'acknowledged', 'acknowledges', 'admitted', 'admits', 'explained',
  'explains', 'told', 'tells', 'announced', 'announces', 'declared', 'declares', 'cautioned', 'cautions',
  'predicted', 'predicts', 'wrote', 'writes', 'conceded', 'concedes', 'emphasized', 'emphasizes', 'complained',
  'complains', 'countered', 'counters', 'saying',
] as const;

/** Verbs that only attribute a quotation: "asked" or "continued" never introduce a paraphrase. */
export const QUOTE_ONLY_VERBS = ['asked', 'asks', 'replied', 'replies', 'continued', 'continues', 'tweeted'] as const;

/** Verbs whose object is itself what was said: the span of such a paraphrase starts at the verb. */
export const ACT_VERBS = ['called for', 'calls for', 'urged', 'urges'] as const;

/** Words between a subject and its verb that are not part of the subject ("Toner has called for"). */
export const AUXILIARIES = new Set([
  'has', 'have', 'had', 'also', 'later', 'then', 'previously', 'repeatedly', 'again', 'reportedly', 'publicly',
  'privately', 'recently', 'earlier', 'long', 'once', 'further', 'flatly',
]);

/**
 * Head nouns of a title or descriptor: the word that says what a person is. A noun phrase's last
 * title word separates the role ("Chinese Foreign Ministry spokesman") from the name ("Lu Kang").
 */
export const TITLE_WORDS = new Set([
  'spokesman', 'spokeswoman', 'spokesperson', 'minister', 'secretary', 'official', 'ambassador', 'envoy',
  'adviser', 'advisor', 'analyst', 'expert', 'director', 'chief', 'head', 'representative', 'negotiator',
  'president', 'vice-president', 'chairman', 'chairwoman', 'chair', 'leader', 'lawmaker', 'senator', 'general',
  'commander', 'economist', 'researcher', 'fellow', 'professor', 'diplomat', 'premier', 'chancellor', 'governor',
  'mayor', 'lawyer', 'attorney', 'scholar', 'correspondent', 'secretary-general', 'commissioner', 'king', 'queen',
  'prince', 'pope', 'deputy', 'sen.', 'rep.', 'gov.', 'gen.', 'adm.', 'admiral', 'colonel', 'col.', 'prosecutor',
  'strategist', 'consultant', 'founder', 'executive', 'partner', 'specialist', 'officer',
]);

/** What a minister is minister of: "Secretary of State Antony Blinken" has the role up to "State". */
export const PORTFOLIO_WORDS = new Set([
  'State', 'Defense', 'Defence', 'Commerce', 'Treasury', 'Foreign', 'Affairs', 'Finance', 'Trade', 'Energy',
  'Justice', 'Interior', 'Economy', 'Homeland', 'Security', 'Industry', 'Unification', 'Labor', 'Agriculture',
  'Health', 'Education', 'Transport', 'National', 'Staff', 'Home', 'External', 'Economic', 'Development',
]);

/** Lowercase words that modify a title inside a subject ("deputy", "senior", "foreign"). */
export const TITLE_MODIFIERS = new Set([
  'deputy', 'senior', 'foreign', 'former', 'special', 'top', 'vice', 'assistant', 'acting', 'prime', 'executive',
  'national', 'security', 'press', 'chief', 'trade', 'defense', 'defence', 'finance', 'nuclear', 'sanctions',
  'economic', 'military', 'policy', 'managing', 'lead', 'principal', 'research', 'visiting', 'associate',
]);

export type Gender = 'male' | 'female' | null;

/** Courtesy titles: not a role, but they tell which pronoun refers to the person. */
export const HONORIFICS: Record<string, Gender> = {
  'Mr.': 'male', Mr: 'male', 'Ms.': 'female', Ms: 'female', 'Mrs.': 'female', Mrs: 'female', 'Dr.': null, 'Prof.': null,
};

/** Titles that say whether the holder is a man or a woman. */
export const GENDERED_TITLES: Record<string, Gender> = {
  spokesman: 'male', chairman: 'male', king: 'male', prince: 'male',
  spokeswoman: 'female', chairwoman: 'female', queen: 'female', congresswoman: 'female',
};

/** Capitalized words that start sentences but never start a speaker's name. */
export const CAPITALIZED_STOPWORDS = new Set([
  'The', 'A', 'An', 'This', 'That', 'These', 'Those', 'It', 'He', 'She', 'They', 'We', 'I', 'But', 'And', 'Or',
  'So', 'Yet', 'Then', 'Later', 'Meanwhile', 'However', 'Still', 'Also', 'In', 'On', 'At', 'For', 'As', 'While',
  'When', 'After', 'Before', 'If', 'Since', 'Because', 'Although', 'Though', 'Now', 'Today', 'Yesterday', 'Its',
  'Their', 'His', 'Her', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January',
  'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Officials', 'Analysts', 'Experts', 'Critics', 'Diplomats', 'Observers', 'Lawmakers', 'Authorities', 'Sources',
  'Others', 'Some', 'Many', 'Both', 'Reports', 'Investors',
]);

/** Lowercase particles inside a personal name ("Ursula von der Leyen"). */
export const NAME_PARTICLES = new Set(['von', 'van', 'der', 'den', 'de', 'du', 'da', 'dos', 'del', 'bin', 'ibn', 'al', 'la', 'le']);

export const NAME_CONNECTORS = new Set(['of', 'for', 'a', 'and', 'on', 'the', ...NAME_PARTICLES]);

/** Words that join a person's name to their organization ("Tomas Novak of the … Centre"). */
export const AFFILIATION_CONNECTORS = new Set(['of', 'at', 'from']);

const STATES: { name: string; forms: string[]; capitals: string[] }[] = [
  { name: 'China', forms: ['China', "People's Republic of China", 'PRC'], capitals: ['Beijing'] },
  { name: 'North Korea', forms: ['North Korea', 'DPRK'], capitals: ['Pyongyang'] },
  { name: 'South Korea', forms: ['South Korea', 'Republic of Korea'], capitals: ['Seoul'] },
  { name: 'United States', forms: ['United States', 'U.S.', 'US', 'USA', 'America'], capitals: ['Washington'] },
  { name: 'Russia', forms: ['Russia', 'Russian Federation'], capitals: ['Moscow'] },
  { name: 'Japan', forms: ['Japan'], capitals: ['Tokyo'] },
  { name: 'Iran', forms: ['Iran'], capitals: ['Tehran'] },
  { name: 'United Kingdom', forms: ['United Kingdom', 'U.K.', 'UK', 'Britain'], capitals: ['London'] },
  { name: 'France', forms: ['France'], capitals: ['Paris'] },
  { name: 'Germany', forms: ['Germany'], capitals: ['Berlin'] },
  { name: 'Ukraine', forms: ['Ukraine'], capitals: ['Kyiv', 'Kiev'] },
  { name: 'India', forms: ['India'], capitals: ['New Delhi'] },
  { name: 'Syria', forms: ['Syria'], capitals: ['Damascus'] },
  { name: 'Venezuela', forms: ['Venezuela'], capitals: ['Caracas'] },
  { name: 'Cuba', forms: ['Cuba'], capitals: ['Havana'] },
  { name: 'Turkey', forms: ['Turkey'], capitals: ['Ankara'] },
  { name: 'Saudi Arabia', forms: ['Saudi Arabia'], capitals: ['Riyadh'] },
  { name: 'Canada', forms: ['Canada'], capitals: ['Ottawa'] },
  { name: 'Australia', forms: ['Australia'], capitals: ['Canberra'] },
  { name: 'Belarus', forms: ['Belarus'], capitals: ['Minsk'] },
  { name: 'Pakistan', forms: ['Pakistan'], capitals: ['Islamabad'] },
  { name: 'Israel', forms: ['Israel'], capitals: ['Jerusalem'] },
  { name: 'Myanmar', forms: ['Myanmar', 'Burma'], capitals: ['Naypyidaw'] },
];

/** The state a phrase names, by country name or capital ("Beijing" → China); null if none. */
export function stateNamed(phrase: string): { name: string; viaCapital: boolean } | null {
  const bare = phrase.replace(/^the\s+/i, '');
  for (const state of STATES) {
    if (state.forms.includes(bare)) return { name: state.name, viaCapital: false };
    if (state.capitals.includes(bare)) return { name: state.name, viaCapital: true };
  }
  return null;
}

// Order matters: "Korean Central News Agency" is a media outlet before it is an agency, and the
// "Security Council" an international body before it is a council.
const INSTITUTION_KEYWORDS: [ActorKind, RegExp][] = [
  ['MEDIA_OUTLET', /\b(?:News|Times|Post|Journal|Reuters|Xinhua|BBC|CNN|Broadcasting)\b/],
  ['INTERNATIONAL_ORGANIZATION', /\b(?:United Nations|U\.N\.|UN|European Union|EU|NATO|IAEA|Security Council|World Bank|IMF|International Monetary Fund|ASEAN|European Commission|G7|G20)\b/],
  ['POLITICAL_PARTY', /\bParty\b/],
  ['COMPANY', /\b(?:Inc\.?|Corp\.?|Ltd\.?|Company|Corporation|Holdings|LLC|Bank)\b/],
  ['GOVERNMENT_BODY', /\b(?:Ministry|Department|Treasury|Office|Embassy|Kremlin|White House|Pentagon|Parliament|Congress|Senate|Government|Administration|Cabinet|Bureau|Agency|Commission|Committee|Council|Court|Mission)\b/],
  ['ORGANIZATION', /\b(?:Institute|Institution|Center|Centre|Foundation|Association|University|Forum|Watch|Group|Society|Fund|Initiative|Program|Programme)\b/],
];

/** The kind of institution a capitalized phrase names, or null when it names none. */
export function institutionKindOf(phrase: string): ActorKind | null {
  for (const [kind, keyword] of INSTITUTION_KEYWORDS) if (keyword.test(phrase)) return kind;
  return null;
}

/** Abbreviations whose full stop does not end a sentence. */
export const ABBREVIATIONS = new Set([
  'mr', 'ms', 'mrs', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'adm', 'lt', 'col', 'capt', 'sgt', 'st', 'jr', 'sr',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'co', 'corp', 'vs',
  'approx', 'dept', 'est',
]);

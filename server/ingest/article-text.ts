// Splits a plain-text article in the shape of the seed document (section, headline, dek, body
// paragraphs, photo credit, site boilerplate) into its parts. The body it returns is the text that
// statement spans point into, so this function must stay deterministic: the same input always gives
// the same body, character for character.

export interface ArticleText {
  section: string | null;
  headline: string;
  dek: string | null;
  /** Paragraphs separated by one blank line, trailing spaces trimmed, boilerplate removed. */
  body: string;
  photoCredit: string | null;
  /** The site furniture that was cut from the end (trending links, sponsored blocks, …). */
  boilerplate: string[];
}

const BOILERPLATE_START = /^(Trending Now|Sponsored Links|More from\b|By Taboola|Recommended\b|Related\b)/i;
const PHOTO_CREDIT = /^(?:Photo|Image|Photograph) Credit:\s*(.+)$/i;
const MAX_SECTION_LENGTH = 40;
/** Section labels are a word or three ("The Cable", "Middle East"); a short headline has more. */
const MAX_SECTION_WORDS = 3;
const MAX_DEK_LENGTH = 300;

export function parseArticleText(raw: string): ArticleText {
  const blocks = raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n')
        .trim(),
    )
    .filter((block) => block !== '');

  const boilerplateAt = blocks.findIndex((block) => BOILERPLATE_START.test(block));
  const content = boilerplateAt === -1 ? blocks : blocks.slice(0, boilerplateAt);
  const boilerplate = boilerplateAt === -1 ? [] : blocks.slice(boilerplateAt);

  let photoCredit: string | null = null;
  const paragraphs: string[] = [];
  for (const block of content) {
    const credit = PHOTO_CREDIT.exec(block);
    if (credit?.[1]) photoCredit = credit[1].trim();
    else paragraphs.push(block);
  }

  const section = isSectionLabel(paragraphs[0], paragraphs.length) ? (paragraphs.shift() ?? null) : null;
  const headline = paragraphs.shift();
  if (!headline) throw new Error('article text has no headline');
  const dek = isDek(paragraphs[0], paragraphs.length) ? (paragraphs.shift() ?? null) : null;
  if (paragraphs.length === 0) throw new Error('article text has no body');

  return { section, headline, dek, body: paragraphs.join('\n\n'), photoCredit, boilerplate };
}

/** A short label without sentence punctuation above the headline ("The Cable"). */
function isSectionLabel(block: string | undefined, remaining: number): boolean {
  return (
    block !== undefined &&
    remaining >= 3 &&
    block.length <= MAX_SECTION_LENGTH &&
    block.split(/\s+/).length <= MAX_SECTION_WORDS &&
    !/[.!?:"“”]/.test(block)
  );
}

/** One sentence under the headline, before the body proper. */
function isDek(block: string | undefined, remaining: number): boolean {
  return block !== undefined && remaining >= 2 && !block.includes('\n') && block.length <= MAX_DEK_LENGTH && !/[“"]/.test(block);
}

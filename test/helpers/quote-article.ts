// Long synthetic articles for the import's size tests: the attribution patterns of the fixture
// articles (inverted and colon attributions, pronouns, surnames, multi-paragraph quotes, paraphrase,
// "according to", capitals for states) repeated with ever new speakers, so the number of speakers
// grows with the number of quotes as it would in a hostile text. Deterministic: the same arguments
// always give the same text.

const FIRST_NAMES = ['Anna', 'Boris', 'Chen', 'Dana', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena'];
const SYLLABLES = ['ba', 'ko', 'ri', 'ta', 'mu', 'le', 'so', 'vin', 'da', 'ne', 'pe', 'ru', 'zo', 'ha', 'li', 'mo'];
const ORGANIZATIONS = ['Center for Strategic Studies', 'Atlantic Council', 'Brookings Institution', 'Carnegie Endowment Foundation'];
const CAPITALS = ['Beijing', 'Moscow', 'Tokyo', 'Seoul'];

/** A surname no other index gives ("Kobari"): base-16 digits of `index` as syllables. */
function surname(index: number): string {
  let rest = index;
  let name = '';
  do {
    name += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0);
  name += 'ski';
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The paragraphs about speaker `index`: about four statements. */
function paragraphsAbout(index: number): string[] {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] as string;
  const last = surname(index);
  const organization = ORGANIZATIONS[index % ORGANIZATIONS.length] as string;
  const capital = CAPITALS[index % CAPITALS.length] as string;
  switch (index % 4) {
    case 0:
      return [
        `“The measures on shipment ${index} will not change the calculus in ${capital},” said ${first} ${last}, a sanctions expert at the ${organization}.`,
        `${last} added that enforcement of round ${index} would require closer monitoring of transit routes.`,
        `“We expected this,” he said. “It changes nothing for the exporters.”`,
      ];
    case 1:
      return [
        `Deputy foreign minister ${first} ${last} said: “Our position on case ${index} has not changed. We will respond in kind.`,
        `“The door is not closed, and we remain open to talks,” ${last} continued.`,
        `${capital} warned that it would retaliate against any new designations in sector ${index}.`,
      ];
    case 2:
      return [
        `According to ${first} ${last} of the ${organization}, the designations in list ${index} will take effect next month.`,
        `“This is a provocation,” ${last} told reporters. “Nobody should be surprised by what follows.”`,
      ];
    default:
      return [
        `${first} ${last}, a senior fellow at the ${organization}, said the package numbered ${index} was long overdue.`,
        `“It is the least the allies could do,” she said, adding that more would follow.`,
        `${last} said the measures on item ${index} were “absurd” and vowed to respond.`,
      ];
  }
}

/**
 * An article in the shape `importArticle` reads (section, headline, dek, body), with `speakers`
 * speakers of about four statements each; `headline` tells several of them apart in one store.
 */
export function quoteHeavyArticle(speakers: number, headline = `Allies Weigh ${speakers} Responses to New Sanctions`): string {
  const body: string[] = [];
  for (let index = 0; index < speakers; index++) body.push(...paragraphsAbout(index));
  return ['The Cable', headline, 'Officials and analysts were divided on what comes next.', ...body].join('\n\n');
}

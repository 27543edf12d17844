/**
 * Page structure that says a text is a person's name or address, which text detectors never
 * see: a cell under a column headed Name / Customer / Requester / Assignee / From / Contact, the
 * text of a `mailto:` link, `<address>`, schema.org microdata (`itemprop` inside a Person), and
 * elements whose class, id or test id names a user/account/author name (the signed-in account in
 * a header). The field index (field-index.ts) gives each serialized node a role from these; the
 * walker then redacts such a text as a field value (whole, and learned for the session by
 * learned-values.ts), after a check that the text can be a name at all: an "Assignee" column also
 * holds "Unassigned" and team names.
 */
import { evidence } from './redact/detectors/name-lists';
import type { FieldContext } from './redact/index';

export const NO_ROLE = 0;
export const PERSON = 1;
export const ADDRESS = 2;
/** Inside an element typed schema.org Person: its `itemprop="name"` is a person's name. */
export const PERSON_SCOPE = 4;

const PERSON_HEADER =
  /^(?:(?:full |customer |contact |display |client |account )?name|customer|client|requester|requestor|requested by|assignee|assigned to|owner|author|from|sender|recipient|contact|agent|reporter|reported by|created by|user|member|employee|person|submitter|lead|signed in as)$/i;
const ADDRESS_HEADER =
  /^(?:(?:street |mailing |shipping |billing |home |postal |delivery )?address|street|ship to|bill to)$/i;
/** Class, id or test-id tokens that name a person's name ("user-name", "accountName", "author"). */
const PERSON_CLASS =
  /(?:^|[\s_-])(?:user|account|profile|author|assignee|requester|customer|contact|sender|recipient|agent|owner|member|display)[-_]?name(?:$|[\s_-])|(?:^|[\s_-])(?:author|requester|sender|assignee)(?:$|\s)/i;
const PERSON_PROPS = new Set([
  'givenName',
  'familyName',
  'additionalName',
  'author',
  'creator',
  'contributor',
]);
const ADDRESS_PROPS = new Set(['streetAddress', 'address', 'postalCode', 'addressLocality']);

/** Role of a column from its header text. */
export function headerRole(text: string): number {
  const t = text
    .replace(/[\s:*]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (PERSON_HEADER.test(t)) return PERSON;
  if (ADDRESS_HEADER.test(t)) return ADDRESS;
  return NO_ROLE;
}

function attr(a: Record<string, unknown>, name: string): string {
  const v = a[name];
  return typeof v === 'string' ? v : '';
}

/** The role an element gives its own text and its descendants', given its parent's role. */
export function elementRole(tag: string, a: Record<string, unknown>, inherited: number): number {
  let role = inherited;
  const itemtype = attr(a, 'itemtype');
  if (/schema\.org\/Person$/i.test(itemtype)) role |= PERSON_SCOPE;
  else if (itemtype !== '') role &= ~PERSON_SCOPE;
  const prop = attr(a, 'itemprop');
  if (prop !== '') {
    if (PERSON_PROPS.has(prop) || (prop === 'name' && (role & PERSON_SCOPE) !== 0)) role |= PERSON;
    else if (ADDRESS_PROPS.has(prop)) role |= ADDRESS;
  }
  if (tag === 'address') role |= ADDRESS;
  if (tag === 'a' && attr(a, 'href').trim().toLowerCase().startsWith('mailto:')) role |= PERSON;
  const names = `${attr(a, 'class')} ${attr(a, 'id')} ${attr(a, 'data-testid')}`;
  if (names.length > 2 && PERSON_CLASS.test(names.replace(/([a-z])([A-Z])/g, '$1-$2'))) role |= PERSON;
  return role;
}

/** Words a person-column cell holds that are no person ("Unassigned", "Me", "—"). */
const NOT_PEOPLE =
  /^(?:unassigned|nobody|no one|none|n\/a|na|tbd|me|you|everyone|anyone|someone|unknown|anonymous|system|automation|bot|admin|support|all|any|other|guest|-+|—|–)$/i;

/**
 * The field context to redact `text` with, when its role makes it a name or an address and the
 * text can be one: a name is one to five words, no digits, none of them an ordinary word;
 * an address holds a letter. Undefined leaves the text to the text detectors.
 */
export function structuralContext(role: number, text: string, label?: string): FieldContext | undefined {
  const t = text.trim();
  if (t.length < 2 || t.length > 120) return undefined;
  if ((role & PERSON) !== 0 && personLike(t)) return { autocomplete: 'name', label: label ?? 'name' };
  if ((role & ADDRESS) !== 0 && /\p{L}/u.test(t))
    return { autocomplete: 'street-address', label: label ?? 'address' };
  return undefined;
}

/** Words that make a value an organisation or a group, not a person. */
const ORG =
  /^(?:inc|llc|ltd|gmbh|corp|corporation|co|company|plc|ag|sa|group|labs|holdings|partners|associates|industries|technologies|systems|solutions|bank|university|team|dept|department)\.?$/i;

function personLike(t: string): boolean {
  if (NOT_PEOPLE.test(t) || /\d/.test(t)) return false;
  // A mailto: link's text is often the address itself: the e-mail detector takes that.
  if (t.includes('@')) return false;
  const words = t.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0 || words.length > 5 || words.some((w) => ORG.test(w))) return false;
  // One word in a person column is as often a company ("Initech") as a first name: only a
  // listed name counts.
  if (words.length === 1 && evidence(words[0]!) < 1) return false;
  for (const w of words) {
    const core = w.replace(/\.$/, '');
    if (core.length === 1) continue; // an initial
    if (!/^\p{Lu}/u.test(core) && !/^(?:de|da|di|van|von|der|den|le|la|du|del|bin|al)$/.test(core))
      return false;
    if (/^\p{Lu}[\p{Ll}'’-]/u.test(core) && evidence(core) < 0) return false;
  }
  return true;
}

/**
 * Page structure that says a text is a person's name or address, which text detectors never
 * see: a cell under a column headed Name / Customer / Requester / Assignee / From / Contact (in a
 * `<table>` or an ARIA grid), the value after a "Customer" term (`dt`/`dd`, a "Customer:" label),
 * a list or listbox labelled "Customers", the text of a `mailto:` link, `<address>`, schema.org
 * microdata (`itemprop` inside a Person), elements whose class, id or test id names a
 * user/account/author name, the account element of an app header (class/id/label user, account,
 * profile, avatar, me), the text next to an avatar whose initials it matches, an avatar image's
 * alt text, and the options of a person picker (a field labelled Assignee / Owner / To / CC).
 * The field index (field-index.ts) gives each serialized node a role from these; the
 * walker then redacts such a text as a field value (whole, and learned for the session by
 * learned-values.ts), after a check that the text can be a name at all: an "Assignee" column also
 * holds "Unassigned" and team names.
 */
import { evidence } from '../redact/detectors/name-lists';
import type { FieldContext } from '../redact/index';

export const NO_ROLE = 0;
export const PERSON = 1;
export const ADDRESS = 2;
/** Inside an element typed schema.org Person: its `itemprop="name"` is a person's name. */
export const PERSON_SCOPE = 4;
/** Inside an app header or navigation (`header`, `nav`, role banner/navigation). */
export const HEADER_SCOPE = 8;

// Plurals head header-less lists ("Customers" over a <ul>); "To"/"CC" head mail columns and pickers.
const PERSON_HEADER =
  /^(?:(?:full |customer |contact |display |client |account )?names?|customers?|clients?|requesters?|requestors?|requested by|assignees?|assigned to|owners?|authors?|from|to|cc|bcc|senders?|recipients?|contacts?|agents?|reporters?|reported by|created by|users?|members?|employees?|people|persons?|participants?|attendees?|reviewers?|watchers?|followers?|submitters?|leads?|signed in as)$/i;
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

/**
 * Labels of fields that pick people (their value and options are names). Narrower than the
 * column headers: "Name", "Customer" or "User" fields are field.ts's to classify (a "Name" field
 * named team_name is not a person's).
 */
const PICKER_LABEL =
  /^(?:assignees?|assigned to|assign to|owners?|requesters?|requestors?|reporters?|to|cc|bcc|recipients?|attendees?|participants?|invitees?|reviewers?|watchers?|followers?|approvers?|mention|agent)$/i;

export function isPickerLabel(text: string): boolean {
  const t = text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').replace(/\s+/g, ' ');
  return t.length <= 30 && PICKER_LABEL.test(t);
}

/** Role of a column (or term, label, list) from its header text. */
export function headerRole(text: string): number {
  // Sort arrows, required stars, colons and counts ("Customers (12)") around the words say nothing.
  const t = text
    .replace(/\(\d+\)/g, '')
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    .replace(/\s+/g, ' ');
  if (t.length > 40) return NO_ROLE;
  if (PERSON_HEADER.test(t)) return PERSON;
  if (ADDRESS_HEADER.test(t)) return ADDRESS;
  return NO_ROLE;
}

function attr(a: Record<string, unknown>, name: string): string {
  const v = a[name];
  return typeof v === 'string' ? v : '';
}

/** Class/id/label tokens of the signed-in account's element in an app header. */
const ACCOUNT_TOKEN = /^(?:user|users|account|profile|avatar|me|whoami)$/;
/** Containers whose `aria-label` heads their items like a column header heads its cells. */
const LIST_ROLES = new Set([
  'list',
  'listbox',
  'grid',
  'table',
  'treegrid',
  'combobox',
  'menu',
  'group',
  'tree',
]);
const LIST_TAGS = new Set(['ul', 'ol', 'dl', 'table', 'select', 'datalist', 'menu']);

/** Lowercase words of an element's class, id, test id and aria-label ("userMenu" -> user, menu). */
export function nameTokens(a: Record<string, unknown>): string[] {
  const s = `${attr(a, 'class')} ${attr(a, 'id')} ${attr(a, 'data-testid')} ${attr(a, 'aria-label')}`;
  if (s.length <= 3) return [];
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
}

/** An avatar: class, id, test id or role says so, or an image whose alt does. */
export function isAvatar(tag: string, a: Record<string, unknown>): boolean {
  // Runs on every element: plain substring checks, no string building.
  for (const key of ['class', 'id', 'data-testid', 'role']) if (/avatar/i.test(attr(a, key))) return true;
  return tag === 'img' && /avatar|profile (?:picture|photo)/i.test(attr(a, 'alt'));
}

/** The role an element gives its own text and its descendants', given its parent's role. */
export function elementRole(tag: string, a: Record<string, unknown>, inherited: number): number {
  let role = inherited;
  const ariaRole = attr(a, 'role');
  if (tag === 'header' || tag === 'nav' || ariaRole === 'banner' || ariaRole === 'navigation')
    role |= HEADER_SCOPE;
  else if ((role & HEADER_SCOPE) !== 0 && nameTokens(a).some((w) => ACCOUNT_TOKEN.test(w))) role |= PERSON;
  if (LIST_TAGS.has(tag) || LIST_ROLES.has(ariaRole)) {
    const label = attr(a, 'aria-label');
    if (label !== '') role |= headerRole(label);
  }
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

/** First letters of a name's words, upper case ("Jane van Doe" -> "JVD"). */
function initials(t: string): string {
  return t
    .split(/[\s.-]+/)
    .filter((w) => w !== '')
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
}

/** Whether an avatar's initials ("JD") are those of `text` ("Jane Doe", or first and last word). */
export function initialsMatch(avatar: string, text: string): boolean {
  const all = initials(text.trim());
  if (all.length < 2) return false;
  return avatar === all || avatar === `${all[0]}${all[all.length - 1]}`;
}

/** The initials an avatar shows, or null when its text is not 1-3 capital letters. */
export function avatarInitials(text: string): string | null {
  const t = text.replace(/\s+/g, '');
  return /^\p{Lu}{1,3}$/u.test(t) ? t : null;
}

/** An avatar image's alt or title without its own words ("Avatar of Jane Doe" -> "Jane Doe"). */
export function avatarLabel(text: string): string {
  return text
    .replace(
      /^\s*(?:(?:user |profile )?(?:avatar|photo|picture|image)|profile (?:picture|photo))(?: (?:of|for))?[:\s]+/i,
      '',
    )
    .replace(/(?:['’]s)?\s+(?:avatar|photo|picture|profile (?:picture|photo))\s*$/i, '')
    .trim();
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

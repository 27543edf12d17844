/**
 * Field context decides whole-value masking: a value typed into a name, address, birth date,
 * phone, email, national id, account or card field is personal data even when the text itself
 * says nothing ("Jane Doe", "5551234"). Autocomplete tokens are authoritative; input type next;
 * then the words of name/id/label/placeholder/aria-label.
 */
import type { FieldContext } from './types';

const AUTOCOMPLETE: Record<string, string> = {
  name: 'PERSON_NAME',
  'given-name': 'PERSON_NAME',
  'additional-name': 'PERSON_NAME',
  'family-name': 'PERSON_NAME',
  'honorific-suffix': 'PERSON_NAME',
  nickname: 'PERSON_NAME',
  'cc-name': 'PERSON_NAME',
  'cc-given-name': 'PERSON_NAME',
  'cc-additional-name': 'PERSON_NAME',
  'cc-family-name': 'PERSON_NAME',
  'cc-number': 'CREDIT_CARD',
  'cc-csc': 'CARD_DETAIL',
  'cc-exp': 'CARD_DETAIL',
  'cc-exp-month': 'CARD_DETAIL',
  'cc-exp-year': 'CARD_DETAIL',
  'street-address': 'STREET_ADDRESS',
  'address-line1': 'STREET_ADDRESS',
  'address-line2': 'STREET_ADDRESS',
  'address-line3': 'STREET_ADDRESS',
  'postal-code': 'POSTAL_CODE',
  bday: 'DOB',
  'bday-day': 'DOB',
  'bday-month': 'DOB',
  'bday-year': 'DOB',
  tel: 'PHONE',
  'tel-national': 'PHONE',
  'tel-local': 'PHONE',
  'tel-area-code': 'PHONE',
  'tel-local-prefix': 'PHONE',
  'tel-local-suffix': 'PHONE',
  'tel-extension': 'PHONE',
  'tel-country-code': 'PHONE',
  email: 'EMAIL',
  'current-password': 'PASSWORD',
  'new-password': 'PASSWORD',
  'one-time-code': 'PASSWORD',
};

// Checked in order; the first match wins. Words are matched on a lowercased, space-separated
// copy of the hints (camelCase and snake_case split).
const HINTS: [RegExp, string][] = [
  [
    /\b(?:password|passwd|pwd|passcode|passphrase|pin|otp|one time code|verification code|security code|cvv2?|cvc|csc|secret|api key|token)\b/,
    'PASSWORD',
  ],
  [/\b(?:card ?number|card no|cc ?num(?:ber)?|credit card|debit card|pan)\b/, 'CREDIT_CARD'],
  [
    /\b(?:iban|account ?number|account no|acct|routing|sort code|bank account|kontonummer|bsb)\b/,
    'ACCOUNT_NUMBER',
  ],
  [
    /\b(?:ssn|social security|tax ?id|taxpayer|tin|itin|national id|national insurance|nino|passport|driver'?s? licen[cs]e|licen[cs]e number|steuer ?id|id number)\b/,
    'NATIONAL_ID',
  ],
  [
    /\b(?:date of birth|birth ?date|birthday|dob|bday|geburtsdatum|date de naissance|fecha de nacimiento|data di nascita)\b/,
    'DOB',
  ],
  [/\b(?:e ?mail|email address|courriel|correo)\b/, 'EMAIL'],
  [/\b(?:phone|telephone|tel|mobile|cell|fax|whatsapp|handy|telefon|téléphone|teléfono)\b/, 'PHONE'],
  [/\b(?:zip|zip code|postal|postcode|post code|plz|cep|code postal)\b/, 'POSTAL_CODE'],
  [
    /\b(?:street|address|addr|address line ?\d?|line ?[12]|house ?number|apartment|apt|suite|strasse|straße|rue|calle|adresse|dirección|indirizzo)\b/,
    'STREET_ADDRESS',
  ],
  [
    /\b(?:full ?name|first ?name|last ?name|given ?name|family ?name|middle ?name|surname|forename|your name|name|fname|lname|nom|prénom|prenom|nombre|apellidos?|vorname|nachname|cardholder|card holder|contact person|recipient|attention)\b/,
    'PERSON_NAME',
  ],
];

// Names of things that are not people, and addresses that are not postal.
const NOT_PERSON =
  /\b(?:user ?name|login|company|organi[sz]ation|org|business|project|repo|repository|file ?name|file|folder|product|team|workspace|channel|group|item|task|board|list|branch|tag|domain|host ?name|host|server|app|site|page|event|template|display ?name|screen ?name|account ?name|bucket|cluster|database|db|table|column|field|variable|key|title|label|category|brand|model|device|city|country|state|region|pet|nick|role|plan|network|ssid|printer|queue|job|pipeline|workflow|service|package|module|class|function|method|metric|dashboard|report|campaign|segment|audience|list ?name|store|shop|vendor|supplier)\b/;
const NOT_POSTAL = /\b(?:e ?mail|ip|web|url|mac|wallet|bitcoin|ethereum|server|billing email)\b/;

function words(ctx: FieldContext): string {
  return [ctx.name, ctx.id, ctx.label, ctx.placeholder, ctx.ariaLabel]
    .filter((x): x is string => typeof x === 'string' && x.length > 0)
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-[\].:*()]+/g, ' ')
    .toLowerCase();
}

/** Placeholder type for whole-value masking, or null when the value is free text. */
export function classifyField(ctx: FieldContext | undefined): string | null {
  if (!ctx) return null;
  const tokens = (ctx.autocomplete ?? '').toLowerCase().trim().split(/\s+/);
  const ac = tokens[tokens.length - 1] ?? '';
  const byAc = AUTOCOMPLETE[ac];
  if (byAc) return byAc;
  const type = (ctx.type ?? '').toLowerCase();
  if (type === 'email') return 'EMAIL';
  if (type === 'tel') return 'PHONE';
  if (type === 'password') return 'PASSWORD';
  if (type === 'hidden') return 'SECRET';
  if (
    type === 'search' ||
    type === 'url' ||
    type === 'checkbox' ||
    type === 'radio' ||
    type === 'submit' ||
    type === 'button'
  ) {
    return null;
  }
  const w = words(ctx);
  if (w === '') return null;
  for (const [re, kind] of HINTS) {
    if (!re.test(w)) continue;
    if (kind === 'PERSON_NAME' && NOT_PERSON.test(w)) return null;
    if ((kind === 'STREET_ADDRESS' || kind === 'POSTAL_CODE') && NOT_POSTAL.test(w)) continue;
    return kind;
  }
  return null;
}

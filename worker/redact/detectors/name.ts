/**
 * Person names from text alone, only where a cue says a name follows or precedes: greetings
 * ("Dear", "Hi"), titles ("Mr.", "Dr."), labels ("Name:", "Owner:"), attributions ("Created by",
 * "Assigned to") and activity lines ("... commented"). A bare "Firstname Lastname" string is
 * indistinguishable from a product or song title without a name dictionary, so it is left to
 * field context and reported as not covered.
 */
import type { Sink } from '../types';

const TOKEN = "\\p{Lu}[\\p{Ll}\\p{Lm}'’]*(?:\\p{Lu}[\\p{Ll}'’]+)*(?:-\\p{Lu}?[\\p{Ll}'’]+)*";
const CJK =
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]{1,5}(?: [\\p{Script=Han}\\p{Script=Hangul}]{1,4})?';
const PARTICLE = '(?:de|da|di|do|dos|das|du|del|della|der|den|van|von|le|la|bin|ibn|al|el|ter|ten|mac|st\\.)';
const LATIN = `${TOKEN}(?:\\s+(?:${PARTICLE}\\s+){0,2}${TOKEN}){0,3}`;
const PERSON = `(?:${LATIN}|${CJK})`;
const TITLE = '(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Sra|Srta|Mme|Mlle|Herr|Frau|Msc|Sir|Dame)';

const CUED = new RegExp(
  `(?<![\\p{L}])(?:(?:Dear|Hi|Hello|Hey|Hallo|Bonjour|Hola|Ciao|Welcome(?: back)?|Thanks|Thank you|Regards|Cheers|Sincerely)[ ,]+|(?:Created|Assigned|Reported|Requested|Submitted|Approved|Reviewed|Edited|Updated|Modified|Posted|Written|Shared|Invited|Added|Sent|Signed|Authored|Uploaded|Closed|Opened|Merged|Deleted) (?:by|to) |(?:Signed|Logged) in as |(?:Owner|Author|Assignee|Reporter|Reviewer|Contact|Customer|Patient|Employee|Manager|Recipient|Sender|Name|Full name|First name|Last name|Cardholder|Account holder|Holder|Attn|Attention|Client|Guest|Passenger|Member|User|Student|Teacher|Doctor|Applicant|Candidate|Tenant|Landlord|Beneficiary|Payee|Nom|Nombre|Vorname|Nachname|姓名|氏名|名前)\\s*:\\s*)(?:${TITLE}\\.?\\s+)?(${PERSON})`,
  'gu',
);
const TITLED = new RegExp(`(?<![\\p{L}])${TITLE}\\.?\\s+(${LATIN})`, 'gu');
const ACTIVITY = new RegExp(
  `(?<![\\p{L}\\p{N}])(${PERSON})(?= (?:commented|replied|wrote|reacted|is typing|mentioned you|invited you|assigned you|joined the|left the|signed up|liked your|reviewed your|requested your review))`,
  'gu',
);

// Role words that follow greetings and labels but are not names.
const NOT_NAMES = new Set(
  'customer customers sir madam team all everyone everybody there user users friend friends colleague colleagues member members admin administrator support valued guest guests folks partner partners hiring recruiter me you us them unassigned nobody none someone anyone automation bot system owner reviewer assignee sales marketing engineering finance hr it ops dev developers subscriber visitor student students teacher parent parents ladies gentlemen world again back yourself unknown anonymous n/a na tbd private public shared default manager the a an this that my your our their new'.split(
    ' ',
  ),
);

function emitName(s: string, out: Sink, start: number, name: string): void {
  const words = name.split(/\s+/);
  if (NOT_NAMES.has((words[0] ?? '').toLowerCase())) return;
  // Trailing generational/professional suffixes stay part of the span; nothing else to strip.
  out.push({ start, end: start + name.length, type: 'PERSON_NAME' });
}

export function findNames(s: string, out: Sink): void {
  for (const re of [CUED, TITLED, ACTIVITY]) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const name = m[1];
      if (name === undefined) continue;
      // The name is the last group of a cued match and the first of an activity match.
      emitName(s, out, re === ACTIVITY ? m.index : m.index + m[0].length - name.length, name);
    }
  }
}

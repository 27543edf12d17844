/**
 * Street addresses from text alone: four families of printed street lines (US/UK "number name
 * suffix", French "number type name", Italian/Spanish/Portuguese "type name number", German/Dutch
 * "compound-suffix number"). A US-style line that runs on into lowercase prose ("33 Park Avenue
 * deals closed") is only taken after an address cue, since product copy has the same shape.
 * Nordic, Finnish, Polish and Hungarian street words are in the suffix/type lists; a second number
 * before a street line ("0896 69 Farnell Street") and a unit after a number-last one belong to it.
 * PO boxes and military mail are address-cue.ts's; city-only lines are left to field context.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';
import { digitRuns, type Runs } from './runs';

const NAME = "\\p{Lu}[\\p{L}'’]*(?:-\\p{L}[\\p{L}'’]*)*";
const US_SUFFIX =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Grove|Gardens|Row|Walk|Alley|Plaza|Loop|Path|Pike|Point|Ridge|Run|View|Views|Crossing|Heights|Hill|Hills|Hollow|Junction|Extension|Fork|Forks|Ford|Fords|Prairie|Neck|Mall|Port|Ports|Cove|Coves|Union|Unions|Harbor|Harbour|Haven|Isle|Island|Knoll|Landing|Manor|Meadow|Meadows|Mews|Mill|Mills|Mission|Motorway|Orchard|Oval|Park|Pass|Passage|Pines|Plain|Plains|Ranch|Rapids|Rest|River|Route|Shore|Shores|Spring|Springs|Spur|Station|Stream|Summit|Throughway|Trace|Track|Turnpike|Valley|Vista|Village|Villages|Wall|Well|Wells|Estate|Estates|Falls|Ferry|Field|Fields|Flat|Flats|Forest|Forge|Forges|Fort|Freeway|Garden|Gateway|Glen|Glens|Green|Greens|Bend|Bluff|Bluffs|Bottom|Branch|Bridge|Brook|Brooks|Burg|Bypass|Camp|Canyon|Cape|Causeway|Center|Centre|Cliff|Cliffs|Club|Common|Commons|Corner|Corners|Course|Courts|Creek|Crest|Curve|Dale|Dam|Divide|Drives|Expressway|Lake|Lakes|Light|Lights|Lock|Locks|Lodge|Mount|Mountain|Overpass|Parks|Radial|Ramp|Shoal|Shoals|Skyway|Squares|Streets|Tunnel|Underpass|Viaduct|Ville|Walks|Ways|Side|Copse|Wynd|Rise|Chase|Drove|Gate|Hey|Approach|Parade|Esplanade|Promenade|Quay|Wharf)';
const UNIT =
  '(?:,?\\s*(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Fl\\.?|Floor|Room|Rm\\.?|#)\\s*[\\p{L}\\p{N}-]{1,6})?';
const DIR = '(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?';

// Sticky: tried only at the start of a number, never scanned across the text.
const US = new RegExp(
  `\\d{1,6}[A-Za-z]?\\s+${DIR}(?:${NAME}\\.?\\s+){1,4}?${US_SUFFIX}\\.?(?![\\p{L}\\p{N}])${UNIT}`,
  'uy',
);
const FR_TYPE =
  '(?:[Rr]ue|[Aa]venue|[Aa]v\\.|[Bb]oulevard|[Bb]d|[Pp]lace|[Aa]ll[ée]e|[Cc]hemin|[Ii]mpasse|[Qq]uai|[Cc]ours|[Rr]oute|[Pp]assage|[Ss]quare|[Vv]oie|[Ff]aubourg|[Rr]ond-[Pp]oint|[Ss]entier|[Vv]illa|[Cc]it[ée]|[Pp]arvis|[Pp]romenade|[Ee]splanade|[Rr]ésidence)';
const PARTICLE = "(?:de\\s+la|de\\s+l['’]|du|des|de|d['’]|la|le|les|l['’]|sur|sous|en|et|aux?)";
const FR = new RegExp(
  `\\d{1,5}(?:\\s?(?:bis|ter|[A-Za-z]))?,?\\s+${FR_TYPE}\\s+(?:${PARTICLE}\\s*)?${NAME}(?:\\s+(?:${PARTICLE}\\s+)?${NAME}){0,4}`,
  'uy',
);
const SOUTH_TYPE =
  '(?:Via|Viale|Piazza|Piazzale|Corso|Vicolo|Largo|Strada|Borgo|Contrada|Rotonda|Incrocio|Calle|Avenida|Avda\\.|Paseo|Plaza|Camino|Carrera|Ronda|Glorieta|Cuesta|Pasaje|Rambla|Traves[ií]a|Solar|Parcela|Chalet|Urbanizaci[óo]n|Callej[óo]n|Alameda|Rua|Travessa|Pra[çc]a|Estrada|Avinguda|Carrer|Passeig|Bajada|Barranco|Barrio|Bulevar|Pasadizo|Pol[íi]gono|Sector|V[íi]a|ul\\.|al\\.|os\\.|pl\\.|[Tt]rg|[Uu]lica|[Aa]leja)';
const SOUTH_PARTICLE = '(?:de|del|della|delle|dei|di|da|dos|das|do|la|las|los|el|y|e)';
// Street lines that end in the house number are matched on the text just before a number.
const SOUTH = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(${SOUTH_TYPE}\\s+(?:${SOUTH_PARTICLE}\\s+)?${NAME}(?:\\s+(?:${SOUTH_PARTICLE}\\s+)?${NAME}){0,4},?\\s+)$`,
  'u',
);
const NORTH_SUFFIX =
  '(?:[Ss]tra(?:ß|ss)e|[Ss]tr\\.|weg|gasse|platz|allee|damm|ufer|steig|pfad|chaussee|graben|stieg|straat|laan|gracht|plein|kade|singel|dijk|steeg|vej|gade|gatan|v[äa]gen|katu|veien|vegen|vei|gata|gate|stien|tie|kuja|polku|väylä|gränd|torget|stræde|stræti|braut|vegur|utca|útja|út)';
const NORTH_WORD = '(?:Stra(?:ß|ss)e|Str\\.|Weg|Gasse|Platz|Allee|Damm|Ufer|Ring|Chaussee|Markt)';
const NORTH_PREFIX =
  '(?:(?:Alte|Alter|Neue|Neuer|Große|Grosse|Kleine|Obere|Untere|Hohe|Lange|Sankt|St\\.)\\s+)?';
const NORTH = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])((?:${NORTH_PREFIX}\\p{Lu}[\\p{L}-]*?${NORTH_SUFFIX}|${NAME}\\s+${NORTH_WORD}|(?:Am|Im|An der|Auf der|Auf dem|Zum|Zur|In der|Unter den|Hinter der|Vor dem)\\s+${NAME})\\s+)$`,
  'u',
);
const NORTH_TAIL = new RegExp(`(?:${NORTH_SUFFIX}|^${NORTH_WORD})$`, 'u');
const NORTH_LEAD = new Set(['Am', 'Im', 'Zum', 'Zur', 'der', 'dem', 'den']);
const SOUTH_QUICK = new RegExp(`(?:^|[^\\p{L}])${SOUTH_TYPE}\\s`, 'u');
/** 1 for the lowercase initials of the French street types. */
const FR_INITIAL = new Uint8Array(128);
for (const c of 'rabpciqsvf') FR_INITIAL[c.charCodeAt(0)] = 1;
// Sticky, tried at the number: never reads more than eight characters from there.
const HOUSE_NO = /(?:\d{1,4}\s?[a-z]?|s\/n)(?![\p{L}\p{N}])/uy;
const CUE =
  /(?:address|adresse|dirección|indirizzo|deliver(?:y|ed)?\s+to|ship(?:ped|ping)?\s+to|lives?\s+at|located\s+at|mail(?:ed)?\s+to|send\s+(?:it\s+)?to|moved\s+to|office\s+(?:is\s+)?at|is\s+at|\bat|\bin)\s*:?\s*$/i;
// A street line ends the text, a clause, or runs into a unit, a capitalised word or the word
// "street" itself ("1668 Glyn St street in Highveld").
const US_TERMINATOR =
  /^(?:\s*$|\s*[,;\n)(]|\s*(?:Apt|Suite|Unit|Ste|#)|\s+\p{Lu}|\s+(?:street|road|avenue)\b)/u;
/** A unit right after a number-last street line ("ul. Słowicza 10 Apt. 360"). */
const UNIT_AFTER =
  /,?\s*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|apt\.|suite)\s*[\p{L}\p{N}-]{1,6}(?![\p{L}\p{N}])/uy;

/**
 * Printed addresses often carry a second number before the street line (a building or delivery
 * number: "0896 69 Farnell Street", "641 Dašická 688"): it belongs to the address.
 */
function withLeadNumber(s: string, start: number): number {
  const i = start - 1;
  if (s.charCodeAt(i) !== 32) return start;
  let j = i;
  while (j > 0 && s.charCodeAt(j - 1) >= 48 && s.charCodeAt(j - 1) <= 57) j--;
  if (j === i || i - j > 6) return start;
  const b = s.charCodeAt(j - 1);
  return j === 0 || b === 32 || b === 10 || b === 9 || b === 62 || b === 44 ? j : start;
}

/**
 * The second letters of the French street types, by lowercased first letter (rue, route, rond-point,
 * résidence; avenue, allée; boulevard, bd; place, passage, parvis, promenade; chemin, cours, cité;
 * impasse; quai; square, sentier; voie, villa; faubourg; esplanade).
 */
const FR_SECOND: Record<string, string> = {
  r: 'uoé',
  a: 'vl',
  b: 'od',
  p: 'lar',
  c: 'hoi',
  i: 'm',
  q: 'u',
  s: 'qe',
  v: 'oi',
  f: 'a',
  e: 's',
};

function blankOrComma(c: number): boolean {
  // Over-inclusive for non-ASCII: only used to rule lines out.
  return c <= 32 || c === 44 || c === 0xa0 || c >= 0x1680;
}

/**
 * Necessary for FR at a number ending at `p` whose next word starts at `w`: the street type starts
 * at `w`, or a "bis"/"ter"/single letter (glued or after one blank) comes first.
 */
function frPossible(s: string, p: number, w: number): boolean {
  const c = s.charCodeAt(w);
  const second =
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? FR_SECOND[String.fromCharCode(c | 32)] : undefined;
  if (second?.includes(s[w + 1] ?? '\u0000')) return true;
  for (let x = p; x <= p + 1; x++) {
    const k = s.charCodeAt(x);
    if ((k >= 65 && k <= 90) || (k >= 97 && k <= 122)) {
      if (blankOrComma(s.charCodeAt(x + 1))) return true;
      if ((s.startsWith('bis', x) || s.startsWith('ter', x)) && blankOrComma(s.charCodeAt(x + 3)))
        return true;
    }
  }
  return false;
}

function letterOrDigitCode(k: number): boolean {
  if ((k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122)) return true;
  return k > 127 && /[\p{L}\p{N}]/u.test(String.fromCharCode(k));
}

export function findAddresses(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  let skipTo = 0;
  let southAny: boolean | undefined;
  for (let k = 0; k < runs.length; k += 2) {
    const i = runs[k] ?? 0;
    const runLen = (runs[k + 1] ?? 0) - i;
    if (i < skipTo || runLen > 6 || (i > 0 && letterOrDigitCode(s.charCodeAt(i - 1)))) continue;
    // Number first: "12 Main Street", "12 rue de Rivoli".
    let w = i + runLen;
    const nc = s.charCodeAt(w);
    if ((nc >= 65 && nc <= 90) || (nc >= 97 && nc <= 122)) w++;
    for (let c = s.charCodeAt(w); c === 32 || c === 44 || c === 9; c = s.charCodeAt(w)) w++;
    const wc = s.charCodeAt(w);
    // US lines continue with a capital (or N/S/E/W), French ones with a street-type word.
    const upper = (wc >= 65 && wc <= 90) || (wc > 127 && /\p{Lu}/u.test(s[w] ?? ''));
    const forward = upper || FR_INITIAL[wc] === 1;
    // A US line needs a capital (street name or N/S/E/W) right after the number's blanks.
    if (forward && w > i + runLen && upper) {
      US.lastIndex = i;
      const us = US.exec(s);
      if (us) {
        const end = i + us[0].length;
        const hasUnit = /(?:Apt|Apartment|Suite|Ste|Unit|Floor|Room|#)/.test(us[0]);
        if (hasUnit || US_TERMINATOR.test(s.slice(end, end + 8)) || hotBefore(s, i, CUE, 40)) {
          out.push({ start: withLeadNumber(s, i), end, type: 'STREET_ADDRESS' });
          skipTo = end;
          continue;
        }
      }
    }
    if (forward && w > i + runLen && frPossible(s, i + runLen, w)) {
      FR.lastIndex = i;
      const fr = FR.exec(s);
      if (fr) {
        out.push({ start: withLeadNumber(s, i), end: i + fr[0].length, type: 'STREET_ADDRESS' });
        skipTo = i + fr[0].length;
        continue;
      }
    }
    // Number last: "Goethestraße 12b", "Via Roma, 5".
    const prev = s.charCodeAt(i - 1);
    if (prev !== 32 && prev !== 9 && prev !== 10) continue;
    // The word before the number decides which family can apply, before any window regex runs.
    let t = i - 1;
    for (let c = s.charCodeAt(t); t >= 0 && (c === 32 || c === 44 || c === 9); c = s.charCodeAt(t)) t--;
    let t0 = t;
    for (
      let c = s.charCodeAt(t0 - 1);
      t0 > 0 && t - t0 < 40 && c !== 32 && c !== 10 && c !== 9;
      c = s.charCodeAt(t0 - 1)
    )
      t0--;
    const c0 = s.charCodeAt(t0);
    if (!((c0 >= 65 && c0 <= 90) || (c0 > 127 && /\p{Lu}/u.test(s[t0] ?? '')))) continue;
    const last = s.slice(t0, t + 1);
    let p = t0 - 1;
    while (p > 0 && s[p] === ' ') p--;
    let p0 = p;
    while (p0 > 0 && s[p0 - 1] !== ' ' && s[p0 - 1] !== '\n') p0--;
    const north = NORTH_TAIL.test(last) || NORTH_LEAD.has(s.slice(p0, p + 1));
    if (!north) {
      if (southAny === undefined) southAny = SOUTH_QUICK.test(s);
      if (!southAny) continue;
    }
    HOUSE_NO.lastIndex = i;
    const house = HOUSE_NO.exec(s);
    if (!house) continue;
    const window = s.slice(Math.max(0, i - 96), i);
    let hit: RegExpExecArray | null = null;
    if (north) hit = NORTH.exec(window);
    if (!hit) {
      if (southAny === undefined) southAny = SOUTH_QUICK.test(s);
      if (southAny && SOUTH_QUICK.test(window)) hit = SOUTH.exec(window);
    }
    if (!hit || hit[1] === undefined) continue;
    const start = i - hit[1].length;
    UNIT_AFTER.lastIndex = i + house[0].length;
    const unit = UNIT_AFTER.exec(s);
    out.push({
      start: withLeadNumber(s, start),
      end: unit ? UNIT_AFTER.lastIndex : i + house[0].length,
      type: 'STREET_ADDRESS',
    });
  }
}

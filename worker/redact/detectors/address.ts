/**
 * Street addresses from text alone: four families of printed street lines (US/UK "number name
 * suffix", French "number type name", Italian/Spanish/Portuguese "type name number", German/Dutch
 * "compound-suffix number"). A US-style line that runs on into lowercase prose ("33 Park Avenue
 * deals closed") is only taken after an address cue, since product copy has the same shape.
 * Addresses without a street line (PO boxes, city-only) are not covered from text; field context
 * covers forms.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';

const NAME = "\\p{Lu}[\\p{L}'’]*(?:-\\p{L}[\\p{L}'’]*)*";
const US_SUFFIX =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Grove|Gardens|Row|Walk|Alley|Plaza|Loop|Path|Pike|Point|Ridge|Run|View|Views|Crossing|Heights|Hill|Hills|Hollow|Junction|Extension|Fork|Forks|Ford|Fords|Prairie|Neck|Mall|Port|Ports|Cove|Coves|Union|Unions|Harbor|Harbour|Haven|Isle|Island|Knoll|Landing|Manor|Meadow|Meadows|Mews|Mill|Mills|Mission|Motorway|Orchard|Oval|Park|Pass|Passage|Pines|Plain|Plains|Ranch|Rapids|Rest|River|Route|Shore|Shores|Spring|Springs|Spur|Station|Stream|Summit|Throughway|Trace|Track|Turnpike|Valley|Vista|Village|Villages|Wall|Well|Wells|Estate|Estates|Falls|Ferry|Field|Fields|Flat|Flats|Forest|Forge|Forges|Fort|Freeway|Garden|Gateway|Glen|Glens|Green|Greens|Bend|Bluff|Bluffs|Bottom|Branch|Bridge|Brook|Brooks|Burg|Bypass|Camp|Canyon|Cape|Causeway|Center|Centre|Cliff|Cliffs|Club|Common|Commons|Corner|Corners|Course|Courts|Creek|Crest|Curve|Dale|Dam|Divide|Drives|Expressway|Lake|Lakes|Light|Lights|Lock|Locks|Lodge|Mount|Mountain|Overpass|Parks|Radial|Ramp|Shoal|Shoals|Skyway|Squares|Streets|Tunnel|Underpass|Viaduct|Ville|Walks|Ways|Side|Copse|Wynd|Rise|Chase|Drove|Gate|Hey|Approach|Parade|Esplanade|Promenade|Quay|Wharf)';
const UNIT =
  '(?:,?\\s*(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Fl\\.?|Floor|Room|Rm\\.?|#)\\s*[\\p{L}\\p{N}-]{1,6})?';
const DIR = '(?:(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?';

const US = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,6}[A-Za-z]?\\s+${DIR}(?:${NAME}\\.?\\s+){1,4}?${US_SUFFIX}\\.?(?![\\p{L}\\p{N}])${UNIT}`,
  'gu',
);
const FR_TYPE =
  '(?:[Rr]ue|[Aa]venue|[Aa]v\\.|[Bb]oulevard|[Bb]d|[Pp]lace|[Aa]ll[ée]e|[Cc]hemin|[Ii]mpasse|[Qq]uai|[Cc]ours|[Rr]oute|[Pp]assage|[Ss]quare|[Vv]oie|[Ff]aubourg|[Rr]ond-[Pp]oint|[Ss]entier|[Vv]illa|[Cc]it[ée]|[Pp]arvis|[Pp]romenade|[Ee]splanade|[Rr]ésidence)';
const PARTICLE = "(?:de\\s+la|de\\s+l['’]|du|des|de|d['’]|la|le|les|l['’]|sur|sous|en|et|aux?)";
const FR = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,5}(?:\\s?(?:bis|ter|[A-Za-z]))?,?\\s+${FR_TYPE}\\s+(?:${PARTICLE}\\s*)?${NAME}(?:\\s+(?:${PARTICLE}\\s+)?${NAME}){0,4}`,
  'gu',
);
const SOUTH_TYPE =
  '(?:Via|Viale|Piazza|Piazzale|Corso|Vicolo|Largo|Strada|Borgo|Contrada|Rotonda|Incrocio|Calle|Avenida|Avda\\.|Paseo|Plaza|Camino|Carrera|Ronda|Glorieta|Cuesta|Pasaje|Rambla|Traves[ií]a|Solar|Parcela|Chalet|Urbanizaci[óo]n|Callej[óo]n|Alameda|Rua|Travessa|Pra[çc]a|Estrada|Avinguda|Carrer|Passeig|Bajada|Barranco|Barrio|Bulevar|Pasadizo|Pol[íi]gono|Sector|V[íi]a)';
const SOUTH_PARTICLE = '(?:de|del|della|delle|dei|di|da|dos|das|do|la|las|los|el|y|e)';
const SOUTH = new RegExp(
  `(?<![\\p{L}\\p{N}])${SOUTH_TYPE}\\s+(?:${SOUTH_PARTICLE}\\s+)?${NAME}(?:\\s+(?:${SOUTH_PARTICLE}\\s+)?${NAME}){0,4},?\\s+(?:\\d{1,4}[A-Za-z]?|s\\/n)(?![\\p{L}\\p{N}])`,
  'gu',
);
const NORTH_SUFFIX =
  '(?:[Ss]tra(?:ß|ss)e|[Ss]tr\\.|weg|gasse|platz|allee|damm|ufer|steig|pfad|chaussee|graben|stieg|straat|laan|gracht|plein|kade|singel|dijk|steeg|vej|gade|gatan|v[äa]gen|katu)';
const NORTH_WORD = '(?:Stra(?:ß|ss)e|Str\\.|Weg|Gasse|Platz|Allee|Damm|Ufer|Ring|Chaussee|Markt)';
const NORTH_PREFIX =
  '(?:(?:Alte|Alter|Neue|Neuer|Große|Grosse|Kleine|Obere|Untere|Hohe|Lange|Sankt|St\\.)\\s+)?';
const NORTH = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${NORTH_PREFIX}\\p{Lu}[\\p{L}-]*?${NORTH_SUFFIX}|${NAME}\\s+${NORTH_WORD}|(?:Am|Im|An der|Auf der|Auf dem|Zum|Zur|In der|Unter den|Hinter der|Vor dem)\\s+${NAME})\\s+\\d{1,4}\\s?[a-z]?(?![\\p{L}\\p{N}])`,
  'gu',
);
const CUE =
  /(?:address|adresse|dirección|indirizzo|deliver(?:y|ed)?\s+to|ship(?:ped|ping)?\s+to|lives?\s+at|located\s+at|mail(?:ed)?\s+to|send\s+(?:it\s+)?to|moved\s+to|office\s+(?:is\s+)?at|is\s+at|\bat|\bin)\s*:?\s*$/i;
const US_TERMINATOR = /^(?:\s*$|\s*[,;\n)(]|\s*(?:Apt|Suite|Unit|Ste|#)|\s+\p{Lu})/u;

export function findAddresses(s: string, out: Sink): void {
  US.lastIndex = 0;
  for (let m = US.exec(s); m !== null; m = US.exec(s)) {
    const end = m.index + m[0].length;
    const hasUnit = /(?:Apt|Apartment|Suite|Ste|Unit|Floor|Room|#)/.test(m[0]);
    if (!hasUnit && !US_TERMINATOR.test(s.slice(end, end + 8)) && !hotBefore(s, m.index, CUE, 40)) continue;
    out.push({ start: m.index, end, type: 'STREET_ADDRESS' });
  }
  for (const re of [FR, SOUTH, NORTH]) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      out.push({ start: m.index, end: m.index + m[0].length, type: 'STREET_ADDRESS' });
    }
  }
}

import { indefiniteArticle } from './articles.js';
import { BUSINESS_CALLERS, FIRST_NAMES, INTERNATIONAL, LAST_NAMES, LOCATIONS, STAFF, US_AREA_CODES } from './people.js';
import { Rng } from './prng.js';
import { type CallShape, locationOf } from './shape.js';

/** The strings of one call: the other party and the values the transcript's slots are filled with. */
export interface CallDetails {
  customer: { first: string; last: string; name: string; phoneNumber: string; location?: string | undefined; international: boolean };
  /** What caller id showed as the party's name, when anything. */
  callerIdName: string | undefined;
  slots: Record<string, string>;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const TIMES = ['6:00', '6:30', '7:00', '7:15', '7:30', '8:00', '8:30', '12:30', '1:00'];
export const DISHES = ['short rib', 'seafood paella', 'mushroom risotto', 'roast chicken', 'grilled octopus', 'tiramisu', 'lamb shoulder', 'cioppino'];
export const OCCASIONS = ['birthday', 'anniversary', 'graduation', 'retirement', 'engagement', 'team celebration'];
export const ALLERGIES = ['peanut', 'shellfish', 'gluten', 'dairy', 'sesame'];
export const RELATIVES = ['sister', 'mother', 'colleague', 'best friend', 'father-in-law', 'neighbor'];
const ORDINALS = ['3rd', '7th', '12th', '14th', '18th', '21st', '25th', '28th'];
const MONTHS = ['March', 'April', 'May', 'June', 'September', 'October', 'November', 'December'];

function digits(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

export function callDetails(shape: CallShape): CallDetails {
  const rng = new Rng(shape.detailSeed);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const international = rng.chance(0.12);
  let phoneNumber: string;
  let location: string | undefined;
  if (international) {
    const plan = rng.pick(INTERNATIONAL);
    phoneNumber = plan.prefix + digits(rng, plan.digits);
  } else {
    const area = rng.pick(US_AREA_CODES);
    phoneNumber = `+1${area.code}555${digits(rng, 4)}`;
    location = area.location;
  }
  const nameStyle = rng.next();
  const callerIdName =
    nameStyle < 0.6 ? `${first} ${last}` : nameStyle < 0.8 && location ? location.replace(',', '').toUpperCase() : nameStyle < 0.9 ? rng.pick(BUSINESS_CALLERS) : undefined;

  const agent = STAFF[shape.staff] ?? STAFF[0];
  const peer = shape.peer >= 0 ? STAFF[shape.peer] : undefined;
  const hourOfDay = new Date(shape.startMs - 8 * 3_600_000).getUTCHours();
  const slots: Record<string, string> = {
    first,
    last,
    agent: agent?.name ?? '',
    agentFirst: firstWord(agent?.name ?? ''),
    peer: peer?.name ?? '',
    peerFirst: firstWord(peer?.name ?? ''),
    peerLocation: peer ? (LOCATIONS[peer.location]?.name ?? '') : '',
    restaurant: locationOf(shape.staff).name,
    location: locationOf(shape.staff).name,
    city: location ? location.split(',')[0] ?? 'the city' : 'the airport',
    partOfDay: hourOfDay < 12 ? 'morning' : hourOfDay < 17 ? 'afternoon' : 'evening',
    day: rng.pick(DAYS),
    time: rng.pick(TIMES),
    altTime: rng.pick(TIMES),
    party: String(rng.int(2, 12)),
    count: String(rng.int(12, 80)),
    dish: rng.pick(DISHES),
    occasion: rng.pick(OCCASIONS),
    allergy: rng.pick(ALLERGIES),
    relative: rng.pick(RELATIVES),
    giftName: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    amount: String(rng.int(5, 60) * 25),
    date: `${rng.pick(MONTHS)} ${rng.pick(ORDINALS)}`,
    phone4: phoneNumber.slice(-4),
    card4: digits(rng, 4),
  };
  return { customer: { first, last, name: `${first} ${last}`, phoneNumber, location, international }, callerIdName, slots };
}

function firstWord(name: string): string {
  return name.split(' ')[0] ?? name;
}

/**
 * Fills `{slot}`s with the call's values. "a {slot}" (or "an {slot}") takes the article the value
 * needs: "a {occasion}" becomes "an engagement" or "a birthday". A `[` between them (a grounding
 * mark, see grounding.ts) is kept.
 */
export function fill(template: string, slots: Record<string, string>): string {
  return template
    .replace(/\b([Aa])n? (\[?)\{(\w+)\}/g, (_, a: string, mark: string, key: string) => {
      const value = slots[key] ?? key;
      const article = indefiniteArticle(value);
      return `${a === 'A' ? `A${article.slice(1)}` : article} ${mark}${value}`;
    })
    .replace(/\{(\w+)\}/g, (_, key: string) => slots[key] ?? key);
}

/**
 * The generated account: a restaurant group with three locations, its staff (extensions) and a pool of
 * customer names. Names include non-ASCII on purpose (search and terminal output must cope with them).
 */

export const ACCOUNT_ID = '809646016';
export const RESTAURANT_GROUP = 'Harbor & Vine';

export interface Location {
  name: string;
  city: string;
  /** The location's public number, E.164. */
  phoneNumber: string;
  /** Shown as the `location` of a number in this area code. */
  area: string;
}

export const LOCATIONS: readonly Location[] = [
  { name: 'Harbor & Vine Mission', city: 'San Francisco', phoneNumber: '+14155550142', area: 'San Francisco, CA' },
  { name: 'Harbor & Vine Oakland', city: 'Oakland', phoneNumber: '+15105550187', area: 'Oakland, CA' },
  { name: 'Harbor & Vine Palo Alto', city: 'Palo Alto', phoneNumber: '+16505550163', area: 'Palo Alto, CA' },
];

export interface StaffMember {
  /** Extension id (numeric, as call-log `extension.id`). */
  id: number;
  extensionNumber: string;
  name: string;
  role: 'host' | 'manager' | 'catering' | 'events' | 'chef';
  location: number;
}

const STAFF_NAMES: ReadonlyArray<[string, StaffMember['role']]> = [
  ['María García', 'host'],
  ['Søren Kristensen', 'manager'],
  ['Zoë Martin', 'host'],
  ['Nguyễn Văn An', 'catering'],
  ['王伟', 'chef'],
  ['José Álvarez', 'host'],
  ['Priya Raman', 'events'],
  ['Liam O’Connor', 'manager'],
  ['Chloé Dubois', 'host'],
  ['Marcus Johnson', 'catering'],
  ['Aiko Tanaka', 'host'],
  ['Björn Lindqvist', 'manager'],
];

/** The extension id of the user the simulator's JWT belongs to (the operator who sees the company call log). */
export const OWNER_EXTENSION_ID = 62288320101;

export const STAFF: readonly StaffMember[] = STAFF_NAMES.map(([name, role], i) => ({
  id: OWNER_EXTENSION_ID + 1 + i * 7,
  extensionNumber: String(101 + i),
  name,
  role,
  location: i % LOCATIONS.length,
}));

export const FIRST_NAMES: readonly string[] = [
  'James', 'Olivia', 'Noah', 'Emma', 'Sofía', 'Mateo', 'Ava', 'Lucas', 'Isabella', 'Ethan', 'Mia', 'Amelia',
  'Daniel', 'Harper', 'Hannah', 'Renée', 'François', 'Zoë', 'José', 'Søren', 'Jürgen', 'Ana', 'Wei', 'Mei',
  'Hiroshi', 'Yuki', 'Arjun', 'Aarav', 'Fatima', 'Omar', 'Chinedu', 'Amara', 'Grace', 'Samuel', 'Elena',
  'Dmitri', 'Ingrid', 'Łukasz', 'Małgorzata', 'Siobhán', 'Niamh', 'Thảo', 'Minh', 'Camille', 'Benoît',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Rodríguez', 'Martínez', 'Hernández',
  'López', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Lee', 'Nguyễn', 'Trần',
  'Kim', 'Park', 'Chen', 'Wang', 'Müller', 'Schäfer', 'Dubois', 'Lefèvre', 'Kowalski', 'Novák', 'Øster',
  'Okafor', 'Adeyemi', 'Patel', 'Shah', 'Singh', 'Yamamoto', 'Suzuki', 'Rossi', 'Bianchi', 'Papadopoulos',
  'Ó Briain', 'MacLeod', 'Cohen', 'Haddad',
];

/** Names some companies' phone numbers show instead of a person (CNAM). */
export const BUSINESS_CALLERS: readonly string[] = [
  'BAYSIDE EVENTS LLC', 'WIRELESS CALLER', 'TECHCORP INC', 'ST MARY HOSPITAL', 'GOLDEN GATE TOURS',
];

export interface AreaCode {
  code: string;
  location: string;
}

export const US_AREA_CODES: readonly AreaCode[] = [
  { code: '415', location: 'San Francisco, CA' },
  { code: '510', location: 'Oakland, CA' },
  { code: '650', location: 'San Mateo, CA' },
  { code: '408', location: 'San Jose, CA' },
  { code: '925', location: 'Walnut Creek, CA' },
  { code: '707', location: 'Santa Rosa, CA' },
  { code: '212', location: 'New York, NY' },
  { code: '312', location: 'Chicago, IL' },
  { code: '206', location: 'Seattle, WA' },
  { code: '512', location: 'Austin, TX' },
];

/** International prefixes with a plausible local number length (digits after the country code). */
export const INTERNATIONAL: ReadonlyArray<{ prefix: string; digits: number }> = [
  { prefix: '+44207946', digits: 4 },
  { prefix: '+4930', digits: 8 },
  { prefix: '+5255', digits: 8 },
  { prefix: '+3314', digits: 7 },
  { prefix: '+8190', digits: 8 },
  { prefix: '+61291', digits: 6 },
];

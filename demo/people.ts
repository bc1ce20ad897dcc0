// The demo's synthetic workforce: a program lead and N employees with plausible, varied
// profiles (topics, values, time zones, languages, about a third French speakers), the same
// for the same seed. Each employee carries the survey answers they will type in the modals.
import { Random } from '../bench/lib/random.ts';
import type { FakeUser } from './fake-slack.ts';

export interface Topic { readonly key: string; readonly en: string; readonly fr: string }

export const TOPICS: readonly Topic[] = [
  { key: 'leadership', en: 'Leadership', fr: 'Leadership' },
  { key: 'public-speaking', en: 'Public speaking', fr: 'Prise de parole' },
  { key: 'product', en: 'Product management', fr: 'Gestion de produit' },
  { key: 'data', en: 'Data analysis', fr: 'Analyse de données' },
  { key: 'architecture', en: 'Software architecture', fr: 'Architecture logicielle' },
  { key: 'negotiation', en: 'Negotiation', fr: 'Négociation' },
  { key: 'career', en: 'Career growth', fr: 'Évolution de carrière' },
  { key: 'management', en: 'Managing people', fr: 'Management d’équipe' },
];

export interface Employee {
  readonly user: FakeUser;
  readonly role: 'mentee' | 'mentor';
  readonly french: boolean;
  /** What they type in the survey modal, by field id. */
  readonly answers: Readonly<Record<string, unknown>>;
  /** One line for the narrative: where they work and what they look for or offer. */
  readonly blurb: string;
}

const EN_FIRST = ['Alice', 'Ben', 'Chloe', 'David', 'Emma', 'Farid', 'Grace', 'Hiro', 'Isla', 'Jonas', 'Kara', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Ravi', 'Sofia', 'Tom', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe', 'Aiko', 'Bruno', 'Dara'];
const EN_LAST = ['Adams', 'Brooks', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Kowalski', 'Lee', 'Murphy', 'Nguyen', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Walsh', 'Young'];
const FR_FIRST = ['Amélie', 'Bastien', 'Camille', 'Damien', 'Élodie', 'Fabien', 'Gaëlle', 'Hugo', 'Inès', 'Julien', 'Léa', 'Mathis', 'Noémie', 'Océane', 'Pierre', 'Romane', 'Sébastien', 'Théo'];
const FR_LAST = ['Bernard', 'Dubois', 'Durand', 'Fontaine', 'Girard', 'Lambert', 'Lefèvre', 'Mercier', 'Moreau', 'Petit', 'Roux', 'Vincent'];

const PLACES = [
  { tz: 'Europe/London', start: '09:00', end: '17:30', city: 'London', french: false },
  { tz: 'Europe/Berlin', start: '08:30', end: '17:00', city: 'Berlin', french: false },
  { tz: 'America/New_York', start: '08:00', end: '16:30', city: 'New York', french: false },
  { tz: 'Asia/Singapore', start: '09:00', end: '18:00', city: 'Singapore', french: false },
  { tz: 'Europe/Paris', start: '09:00', end: '18:00', city: 'Paris', french: true },
  { tz: 'Europe/Paris', start: '08:30', end: '17:30', city: 'Lyon', french: true },
  { tz: 'America/Toronto', start: '08:00', end: '16:30', city: 'Montréal', french: true },
] as const;

const DOMAINS = ['product', 'engineering', 'sales', 'finance', 'people', 'marketing', 'operations'];
const VALUE_KEYS = ['transparency', 'kindness', 'rigor', 'curiosity', 'autonomy', 'collaboration', 'ambition', 'balance', 'inclusion', 'creativity', 'integrity', 'learning'];
const OBJECTIVES_EN = ['Lead a small team within two years.', 'Speak with confidence at company all-hands.', 'Move from engineering into product.', 'Grow into a staff engineer role.', 'Negotiate my next role and scope.', 'Become a better manager for my new team.'];
const OBJECTIVES_FR = ['Encadrer une petite équipe d’ici deux ans.', 'Prendre la parole avec assurance en réunion plénière.', 'Passer de l’ingénierie au produit.', 'Évoluer vers un rôle d’expert technique.', 'Mieux négocier mon prochain poste.', 'Devenir un meilleur manager pour ma nouvelle équipe.'];

function practical(rnd: Random, place: (typeof PLACES)[number], french: boolean): Record<string, unknown> {
  const inPerson = place.city === 'Paris' && rnd.chance(0.4);
  return {
    cadenceDays: rnd.pick(['7', '14', '14', '30']), sessionMinutes: rnd.pick(['30', '45', '60']),
    modes: inPerson ? ['video', 'in_person'] : rnd.chance(0.3) ? ['video', 'phone'] : ['video'],
    office: inPerson ? 'Paris — La Défense' : '', languages: french ? (rnd.chance(0.7) ? ['fr', 'en'] : ['fr']) : ['en'],
    workStart: place.start, workEnd: place.end,
  };
}

export function makePeople(seed: number, count: number): { lead: FakeUser; employees: Employee[] } {
  const rnd = new Random(seed);
  const used = new Set<string>();
  const nameFor = (french: boolean): string => {
    for (;;) {
      const name = french ? `${rnd.pick(FR_FIRST)} ${rnd.pick(FR_LAST)}` : `${rnd.pick(EN_FIRST)} ${rnd.pick(EN_LAST)}`;
      if (!used.has(name)) { used.add(name); return name; }
    }
  };
  const lead: FakeUser = { id: 'U00LEAD', name: nameFor(true), locale: 'en-US', tz: 'Europe/Paris' };
  const mentors = Math.max(2, Math.round(count * 0.45));
  const employees: Employee[] = [];
  for (let i = 0; i < count; i += 1) {
    const role = i < mentors ? 'mentor' : 'mentee';
    const place = PLACES[rnd.weighted([2, 1, 2, 1, 4, 1, 1])]!;
    const french = place.french;
    const name = nameFor(french);
    const user: FakeUser = { id: `U${String(i + 1).padStart(3, '0')}${name.split(' ')[0]!.normalize('NFD').replace(/[^A-Za-z]/g, '').toUpperCase()}`, name, locale: french ? 'fr-FR' : 'en-US', tz: place.tz };
    const topics = rnd.distinct(TOPICS.map(() => 1), role === 'mentee' ? rnd.int(1, 3) : rnd.int(2, 4)).map((k) => TOPICS[k]!.key);
    const values = rnd.distinct(VALUE_KEYS.map(() => 1), rnd.int(1, 3)).map((k) => VALUE_KEYS[k]!);
    const domain = rnd.pick(DOMAINS);
    const common = { ...practical(rnd, place, french), values, feedbackStyle: rnd.pick(['direct', 'balanced', 'gentle']), domain, consent: true, avoid: [] };
    const label = (key: string) => { const topic = TOPICS.find((t) => t.key === key)!; return french ? topic.fr : topic.en; };
    if (role === 'mentee') {
      const objective = rnd.int(0, OBJECTIVES_EN.length - 1);
      employees.push({
        user, role, french, blurb: `${place.city}, ${domain} — ${topics.map(label).join(', ')}`,
        answers: { ...common, topics, careerObjective: (french ? OBJECTIVES_FR : OBJECTIVES_EN)[objective], seniorityGap: rnd.pick(['any', 'close', 'far']), department: rnd.pick(['outside', 'any']) },
      });
    } else {
      const [first, ...others] = topics;
      const years = rnd.int(6, 25);
      employees.push({
        user, role, french, blurb: `${place.city}, ${domain}, ${years} yrs — ${topics.map(label).join(', ')}`,
        answers: {
          ...common, expertise3: [first], expertise2: others.slice(0, 2), expertise1: others.slice(2), yearsExperience: years,
          // Years in the topic they know best (the proposal quotes them); the others left empty, as many would.
          [`years_${first}`]: Math.max(2, years - 5),
          mentoringExperience: rnd.pick(['none', 'some', 'experienced']), capacity: String(rnd.pick([1, 2, 2])),
        },
      });
    }
  }
  return { lead, employees };
}

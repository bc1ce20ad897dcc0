// What the "Find a time" tests read: the times card a person got, its buttons, the invitation
// files, and an .ics read back by ical.js (an independent parser), with the file's own VTIMEZONE.
import ICAL from 'ical.js';
import type { ButtonAction, Card, FileContent, UiContent } from '../../src/ui/model.ts';

interface Reader { inbox(): UiContent[] }

export function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
}

export const offerOf = (person: Reader): Card | undefined => person.inbox().filter((c): c is Card => c.kind === 'card' && /Find a time with|Trouver un créneau avec/.test(c.header.title)).at(-1);
export const slotButtons = (person: Reader): ButtonAction[] => (offerOf(person)?.actions ?? []).filter((a): a is ButtonAction => a.kind === 'button');
export const filesOf = (person: Reader): FileContent[] => person.inbox().filter((c): c is FileContent => c.kind === 'file');


// Report page access, bound to the lead the platform vouched for. `admin report` (a command the
// platform signed as coming from this lead) makes a link carrying a one-time code. The first load
// exchanges the code for a session cookie bound to that lead and that program, then moves on to
// an address without any token; the code is then spent, so a forwarded link gets 403 and reads
// nothing. Codes and sessions are stored as SHA-256 hashes: what the database holds opens nothing.
// Every page load checks that the person still leads the program.
import { createHash, randomBytes } from 'node:crypto';
import type { Program } from '../../domain/model.ts';
import type { Db } from '../../db/repositories/db.ts';
import { isProgramLead } from '../../db/repositories/lead.repository.ts';
import { getPerson } from '../../db/repositories/person.repository.ts';
import { getProgram } from '../../db/repositories/program.repository.ts';

export const REPORT_PATH = '/report';
/** A code is meant to be used right away, from the card that was just shown. */
export const REPORT_CODE_TTL_MINUTES = 30;
/** A working day; after that the lead asks for a new link. */
export const REPORT_SESSION_TTL_HOURS = 8;
const COOKIE_PREFIX = 'mentor_report_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

export interface ReportLink { readonly url: string; readonly expiresAt: Date }

/** `baseUrl` is the server's public address; the code in the link opens one session, once. */
export async function createReportLink(db: Db, input: { baseUrl: string; programId: string; personId: string; now: Date }): Promise<ReportLink> {
  const code = newToken();
  // Codes go a day after they expired, used or not.
  await db.deleteFrom('report_codes').where('expires_at', '<', new Date(input.now.getTime() - 86_400_000)).execute();
  const expiresAt = new Date(input.now.getTime() + REPORT_CODE_TTL_MINUTES * 60_000);
  await db.insertInto('report_codes').values({ code_hash: hash(code), program_id: input.programId, person_id: input.personId, expires_at: expiresAt }).execute();
  return { url: `${input.baseUrl.replace(/\/+$/, '')}${REPORT_PATH}?${new URLSearchParams({ code }).toString()}`, expiresAt };
}

/** The address of a program's page once the session cookie is set: no token in it. */
export const reportPageUrl = (programId: string): string => `${REPORT_PATH}?${new URLSearchParams({ program: programId }).toString()}`;

export const reportCookieName = (programId: string): string => `${COOKIE_PREFIX}${programId}`;

export interface ReportSession { readonly token: string; readonly program: Program; readonly personId: string; readonly expiresAt: Date }

export type ReportAccess =
  | { readonly ok: true; readonly program: Program; readonly personId: string }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'unknown' | 'used' | 'expired' | 'not_a_lead' };

async function stillLeads(db: Db, programId: string, personId: string): Promise<Program | undefined> {
  const program = await getProgram(db, programId);
  const person = program && await getPerson(db, personId);
  if (!program || !person || person.erasedAt || person.deactivatedAt) return undefined;
  return (await isProgramLead(db, programId, personId)) ? program : undefined;
}

/**
 * Spends a one-time code and opens a session for its lead and program. The code is marked used
 * in the same statement that reads it, so two loads racing each other cannot both succeed.
 */
export async function exchangeReportCode(db: Db, code: string | null, now: Date): Promise<{ ok: true; session: ReportSession } | { ok: false; reason: Exclude<ReportAccess, { ok: true }>['reason'] }> {
  if (!code) return { ok: false, reason: 'missing' };
  if (!TOKEN.test(code)) return { ok: false, reason: 'malformed' };
  const spent = await db.updateTable('report_codes').set({ used_at: now })
    .where('code_hash', '=', hash(code)).where('used_at', 'is', null).where('expires_at', '>', now)
    .returning(['program_id', 'person_id']).executeTakeFirst();
  if (!spent) {
    const row = await db.selectFrom('report_codes').select(['used_at']).where('code_hash', '=', hash(code)).executeTakeFirst();
    return { ok: false, reason: !row ? 'unknown' : row.used_at ? 'used' : 'expired' };
  }
  const program = await stillLeads(db, spent.program_id, spent.person_id);
  if (!program) return { ok: false, reason: 'not_a_lead' };
  // Old rows go as new ones come: codes a day after they expired, sessions once expired.
  await db.deleteFrom('report_codes').where('expires_at', '<', new Date(now.getTime() - 86_400_000)).execute();
  await db.deleteFrom('report_sessions').where('expires_at', '<', now).execute();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + REPORT_SESSION_TTL_HOURS * 3_600_000);
  await db.insertInto('report_sessions').values({
    session_hash: hash(token), program_id: spent.program_id, person_id: spent.person_id, created_at: now, expires_at: expiresAt,
  }).execute();
  return { ok: true, session: { token, program, personId: spent.person_id, expiresAt } };
}

/** Reads one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Checks the session cookie for a program's page; nothing about the program is read for a refused one. */
export async function checkReportSession(db: Db, programId: string | null, cookieHeader: string | undefined, now: Date): Promise<ReportAccess> {
  if (!programId) return { ok: false, reason: 'missing' };
  if (!UUID.test(programId)) return { ok: false, reason: 'malformed' };
  const token = cookieValue(cookieHeader, reportCookieName(programId));
  if (!token) return { ok: false, reason: 'missing' };
  if (!TOKEN.test(token)) return { ok: false, reason: 'malformed' };
  const session = await db.selectFrom('report_sessions').select(['person_id', 'expires_at'])
    .where('session_hash', '=', hash(token)).where('program_id', '=', programId).executeTakeFirst();
  if (!session) return { ok: false, reason: 'unknown' };
  if (session.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const program = await stillLeads(db, programId, session.person_id);
  return program ? { ok: true, program, personId: session.person_id } : { ok: false, reason: 'not_a_lead' };
}

// Report page links: signed (HMAC, key from the database so every process shares it), bound to
// one lead and one program, and short-lived. The page checks all three, and that the person is
// still a lead of the program's workspace, before it reads anything.
import type { ActionRefSigner } from '../domain/action-ref.ts';
import type { Program } from '../domain/model.ts';
import type { Db } from '../db/repositories/db.ts';
import { isLead } from '../db/repositories/lead.repository.ts';
import { getProgram } from '../db/repositories/program.repository.ts';
import { loadSigner } from '../secrets/signing-keys.ts';

export const REPORT_PATH = '/report';
export const REPORT_LINK_TTL_HOURS = 24;
const KIND = 'report.page';

/** The report-link keys as of `now` (rotated keys still verify until their last link expired). */
export async function reportLinkSigner(db: Db, now: Date): Promise<ActionRefSigner> {
  return loadSigner(db, 'report-link-key', now);
}

export interface ReportLink { readonly url: string; readonly expiresAt: Date }

/** `baseUrl` is the server's public address; the link works for `personId` only. */
export async function createReportLink(db: Db, input: { baseUrl: string; programId: string; personId: string; now: Date; ttlHours?: number }): Promise<ReportLink> {
  const expiresAt = new Date(input.now.getTime() + (input.ttlHours ?? REPORT_LINK_TTL_HOURS) * 3_600_000);
  const token = (await reportLinkSigner(db, input.now)).sign({ kind: KIND, subjects: [input.programId], personId: input.personId, expiresAt });
  const query = new URLSearchParams({ lead: input.personId, t: token });
  return { url: `${input.baseUrl.replace(/\/+$/, '')}${REPORT_PATH}?${query.toString()}`, expiresAt };
}

export type ReportAccess =
  | { readonly ok: true; readonly program: Program; readonly personId: string }
  | { readonly ok: false; readonly reason: 'missing' | 'tampered' | 'expired' | 'wrong_person' | 'malformed' | 'not_a_lead' };

/** Checks a link's query string; nothing is read for a link that fails. */
export async function checkReportLink(db: Db, query: URLSearchParams, now: Date): Promise<ReportAccess> {
  const lead = query.get('lead'), token = query.get('t');
  if (!lead || !token) return { ok: false, reason: 'missing' };
  const verified = (await reportLinkSigner(db, now)).verify(token, lead, now);
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const programId = verified.ref.subjects[0];
  if (verified.ref.kind !== KIND || !programId) return { ok: false, reason: 'malformed' };
  const program = await getProgram(db, programId);
  if (!program || !(await isLead(db, program.workspaceId, lead))) return { ok: false, reason: 'not_a_lead' };
  return { ok: true, program, personId: lead };
}

// The type-ahead searches of our cards (`application/search` invokes, sent by Teams as the person
// types in an Input.ChoiceSet whose `choices.data` is a Data.Query): the options of a long list,
// found again from the form the card was rendered from, and people, found among everyone the bot
// knows in the workspace and, when Graph people search is set up, in the organisation's
// directory. Teams shows at most 15 results; the answer is
// `{ type: 'application/vnd.microsoft.search.searchResponse', value: { results: [{ title, value }] } }`.
import { z } from 'zod';
import type { Db } from '../../src/db/repositories/db.ts';
import { findWorkspace } from '../../src/db/repositories/workspace.repository.ts';
import type { Actor } from '../../src/flows/actor.ts';
import type { FormField } from '../../src/ui/form.ts';
import type { FormCache } from './form-cache.ts';
import type { GraphClient } from './graph.ts';
import { searchKnownPeople } from './people.ts';
import { OTHER_PEOPLE_DATASET, parseOptionsDataset, PEOPLE_DATASET, SEARCH_PAGE } from './render/form.ts';

export const SEARCH_RESPONSE_TYPE = 'application/vnd.microsoft.search.searchResponse';

export interface SearchResult { readonly title: string; readonly value: string }

export interface SearchAnswer {
  readonly statusCode: number;
  readonly type: string;
  readonly value: { readonly results?: readonly SearchResult[]; readonly code?: string; readonly message?: string };
}

export interface SearchDeps {
  readonly db: Db;
  readonly forms: FormCache;
  readonly graph?: GraphClient;
  readonly logger: { warn(obj: object, msg?: string): void };
}

export const searchValue = z.object({
  queryText: z.string().max(500).default(''),
  dataset: z.string().min(1).max(4_000),
  queryOptions: z.object({
    skip: z.coerce.number().int().min(0).max(10_000).default(0),
    top: z.coerce.number().int().min(1).max(100).default(SEARCH_PAGE),
  }).partial().default({}),
}).loose();

const answer = (results: readonly SearchResult[]): SearchAnswer => ({ statusCode: 200, type: SEARCH_RESPONSE_TYPE, value: { results } });
const refused = (message: string): SearchAnswer => ({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } });

/** Case and accents do not matter: "ecole" finds "École". */
const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function matchingOptions(field: FormField, text: string): SearchResult[] {
  if (!('options' in field)) return [];
  const wanted = folded(text.trim());
  const results = field.options.map((o) => ({ title: o.description ? `${o.label} (${o.description})` : o.label, value: o.value }));
  if (!wanted) return results;
  const hits = results.filter((r) => folded(r.title).includes(wanted));
  // Titles that start with the text first, each group in the list's own order.
  return [...hits.filter((r) => folded(r.title).startsWith(wanted)), ...hits.filter((r) => !folded(r.title).startsWith(wanted))];
}

export async function answerSearch(deps: SearchDeps, actor: Actor, raw: unknown): Promise<SearchAnswer> {
  const parsed = searchValue.safeParse(raw);
  if (!parsed.success) return refused('not a search this bot understands');
  const { queryText, dataset } = parsed.data;
  const skip = parsed.data.queryOptions.skip ?? 0;
  const top = Math.min(parsed.data.queryOptions.top ?? SEARCH_PAGE, SEARCH_PAGE);

  if (dataset === PEOPLE_DATASET || dataset === OTHER_PEOPLE_DATASET) {
    return answer(await searchPeople(deps, actor, queryText, skip, top, dataset === OTHER_PEOPLE_DATASET));
  }

  const options = parseOptionsDataset(dataset);
  if (!options) return refused('unknown dataset');
  const form = await deps.forms.find(options.ref, options.formId);
  const field = form?.fields.find((f) => f.id === options.fieldId);
  if (!field) {
    // The form was shown by a process that no longer has it: nothing to search in.
    deps.logger.warn({ platform: 'teams', form: options.formId }, 'teams option search for a form not known here');
    return answer([]);
  }
  return answer(matchingOptions(field, queryText).slice(skip, skip + top));
}

async function searchPeople(deps: SearchDeps, actor: Actor, text: string, skip: number, top: number, othersOnly: boolean): Promise<SearchResult[]> {
  const workspace = await findWorkspace(deps.db, 'teams', actor.workspaceExternalId);
  if (!workspace) return [];
  const known = await searchKnownPeople(deps.db, workspace.id, { text, skip, top, ...(othersOnly ? { excludePlatformUserId: actor.platformUserId } : {}) });
  const results: SearchResult[] = known.map((p) => ({ title: p.displayName, value: p.platformUserId }));
  // The directory adds people the bot has not met, on the first page of a search only (Graph's
  // $search has no offset), after the people the bot knows.
  const graph = deps.graph;
  if (!graph || skip > 0 || !text.trim() || results.length >= top || actor.workspaceExternalId !== graph.tenantId) return results;
  try {
    const seen = new Set(results.map((r) => r.value));
    for (const user of await graph.searchUsers(text, top)) {
      if (results.length >= top) break;
      if ((othersOnly && user.id === actor.platformUserId) || seen.has(user.id)) continue;
      seen.add(user.id);
      results.push({ title: user.mail ? `${user.displayName} (${user.mail})` : user.displayName, value: user.id });
    }
  } catch (err) {
    deps.logger.warn({ platform: 'teams', err: (err as Error).message }, 'graph people search failed: answering with the people the bot knows only');
  }
  return results;
}

// Loads the program templates: the product's own (templates/programs) and, when
// PROGRAM_TEMPLATES_DIR is set, a company's folder of the same JSON files. A company template with
// the key of a product template replaces it. Any problem stops the start with one line naming the
// file and the field: a template is only read here, never at a lead's request.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { programTemplateSchema, type ProgramTemplate } from './domain/program-template.ts';

export const BUILT_IN_TEMPLATES_DIR = fileURLToPath(new URL('../templates/programs/', import.meta.url));

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

function readFolder(dir: string): ProgramTemplate[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TemplateError(`program templates: cannot read the folder ${dir} (${code === 'ENOENT' ? 'it does not exist' : code ?? 'unreadable'})`);
  }
  return files.map((file) => {
    const where = path.join(dir, file);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(where, 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new TemplateError(`program template ${where}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = programTemplateSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      const unknown = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
      throw new TemplateError(`program template ${where}: ${field}: ${unknown}`);
    }
    if (`${parsed.data.key}.json` !== file) {
      throw new TemplateError(`program template ${where}: key: "${parsed.data.key}" must match the file name (${file})`);
    }
    return parsed.data;
  });
}

/** The templates leads may start a program from, in a stable order (product ones first). */
export function loadProgramTemplates(companyDir?: string): ProgramTemplate[] {
  const builtIn = readFolder(BUILT_IN_TEMPLATES_DIR);
  if (!companyDir) return builtIn;
  const company = readFolder(companyDir);
  const replaced = new Set(company.map((t) => t.key));
  return [...builtIn.filter((t) => !replaced.has(t.key)), ...company];
}

let cached: ProgramTemplate[] | undefined;
/** The product's own templates, read once (the default when a process is not given a list). */
export function builtInTemplates(): readonly ProgramTemplate[] {
  cached ??= loadProgramTemplates();
  return cached;
}

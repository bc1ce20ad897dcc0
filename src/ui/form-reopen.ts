// What a person reads when a form could not be opened in time (Slack's trigger_id expired while
// the bot was answering): a button opens it later, or says it is gone.
import type { Locale } from './i18n/catalog.ts';
import { t } from './i18n/t.ts';

export interface FormReopenTexts { readonly text: string; readonly button: string; readonly gone: string }

export function formReopenTexts(locale: Locale): FormReopenTexts {
  return { text: t(locale, 'form.reopen.text'), button: t(locale, 'form.reopen.button'), gone: t(locale, 'form.reopen.gone') };
}

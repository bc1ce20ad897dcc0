// What the audit log's actions read as for a lead: words in their language, never the stored code.
import type { Translate } from '../ui/i18n/t.ts';

const ACTIONS: Readonly<Record<string, (t: Translate) => string>> = {
  'match.preview': (t) => t('report.audit.action.match_preview'),
  'match.preview_requested': (t) => t('report.audit.action.match_preview_requested'),
  'match.rematch': (t) => t('report.audit.action.match_rematch'),
  'match.rematch_waitlisted': (t) => t('report.audit.action.match_rematch_waitlisted'),
  'program.create': (t) => t('report.audit.action.program_create'),
  'program.edit': (t) => t('report.audit.action.program_edit'),
  'report.export_figures': (t) => t('report.audit.action.report_export_figures'),
  'report.export_pairs': (t) => t('report.audit.action.report_export_pairs'),
  'report.page_open': (t) => t('report.audit.action.report_page_open'),
  'report.view': (t) => t('report.audit.action.report_view'),
  'retention.purge': (t) => t('report.audit.action.retention_purge'),
  'round.close': (t) => t('report.audit.action.round_close'),
  'round.invite': (t) => t('report.audit.action.round_invite'),
  'round.open': (t) => t('report.audit.action.round_open'),
  'round.publish': (t) => t('report.audit.action.round_publish'),
  'risk.nudge': (t) => t('report.audit.action.risk_nudge'),
  'risk.handled': (t) => t('report.audit.action.risk_handled'),
  'risk.rematch': (t) => t('report.audit.action.risk_rematch'),
  'lead.add': (t) => t('report.audit.action.lead_add'),
  'lead.remove': (t) => t('report.audit.action.lead_remove'),
  'enrollment.approve': (t) => t('report.audit.action.enrollment_approve'),
  'enrollment.refuse': (t) => t('report.audit.action.enrollment_refuse'),
  'shortlist.open': (t) => t('report.audit.action.shortlist_open'),
  'shortlist.close': (t) => t('report.audit.action.shortlist_close'),
};

/** An audit action in words; an action this version does not know reads "another change". */
export const auditActionText = (t: Translate, action: string): string => (ACTIONS[action] ?? ((tr: Translate) => tr('report.audit.action.other')))(t);

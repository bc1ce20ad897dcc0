// The sentence shown when a click or command arrives in a state that no longer allows it
// (a proposal already declined, a round already published…).
import type { PairState } from '../domain/pair-state.ts';
import type { RoundState } from '../domain/round-state.ts';
import type { Locale } from './i18n/catalog.ts';
import { t } from './i18n/t.ts';

export function roundStateLabel(locale: Locale, state: RoundState): string {
  switch (state) {
    case 'draft': return t(locale, 'round.state.draft');
    case 'open': return t(locale, 'round.state.open');
    case 'closed': return t(locale, 'round.state.closed');
    case 'matched': return t(locale, 'round.state.matched');
    case 'published': return t(locale, 'round.state.published');
    case 'running': return t(locale, 'round.state.running');
    case 'completed': return t(locale, 'round.state.completed');
    case 'cancelled': return t(locale, 'round.state.cancelled');
  }
}

export function pairStateLabel(locale: Locale, state: PairState): string {
  switch (state) {
    case 'draft': return t(locale, 'pair.state.draft');
    case 'proposed': return t(locale, 'pair.state.proposed');
    case 'accepted': return t(locale, 'pair.state.accepted');
    case 'declined': return t(locale, 'pair.state.declined');
    case 'expired': return t(locale, 'pair.state.expired');
    case 'active': return t(locale, 'pair.state.active');
    case 'paused': return t(locale, 'pair.state.paused');
    case 'ended': return t(locale, 'pair.state.ended');
  }
}

export function roundRefusalText(locale: Locale, state: RoundState): string {
  return t(locale, 'round.refused', { state: roundStateLabel(locale, state) });
}

export function pairRefusalText(locale: Locale, state: PairState): string {
  return t(locale, 'pair.refused', { state: pairStateLabel(locale, state) });
}

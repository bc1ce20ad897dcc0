import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../support/memory-platform.ts';

describe.each(databaseKinds)('help and language on %s', (kind) => {
  let env: MemoryPlatform;
  afterEach(async () => { await env?.dispose(); });

  it('answers help, bare input and unknown words with help, never an error', async () => {
    env = await createMemoryPlatform(kind);
    const alice = env.person('Alice');
    await alice.type('/mentor');
    expect(alice.lastReply()).toContain('/mentor find');
    await alice.type('/mentor help');
    expect(alice.lastReply()).toContain('/mentor offer');
    expect(alice.lastReply()).not.toContain('admin');
    await alice.type('/mentor frobnicate now');
    expect(alice.lastReply()).toContain('frobnicate');
  });

  it('speaks the platform language, and `lang` overrides it', async () => {
    env = await createMemoryPlatform(kind);
    const camille = env.person('Camille', { locale: 'fr-FR' });
    await camille.type('/mentor aide');
    expect(camille.lastReply()).toContain('trouver un mentor');
    await camille.type('/mentor lang en');
    expect(camille.lastReply()).toBe('Done: I will speak English with you from now on.');
    await camille.type('/mentor help');
    expect(camille.lastReply()).toContain('answer the mentee survey');
  });

  it('refuses admin commands to non-leads and shows leads the admin help', async () => {
    env = await createMemoryPlatform(kind, { leads: ['U_LEA'] });
    const bob = env.person('Bob');
    await bob.type('/mentor admin program list');
    expect(bob.lastReply()).toContain('Only program leads can do that');
    const lea = env.person('Lea');
    await lea.type('/mentor help');
    expect(lea.lastReply()).toContain('admin');
  });
});

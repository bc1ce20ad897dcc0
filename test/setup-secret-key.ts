// Every test process seals with a key generated for it, as the app does with MENTOR_SECRET_KEY;
// tests about keys install their own.
import { randomBytes } from 'node:crypto';
import { installSecretKeyring, secretKeyFrom } from '../src/secrets/secret-box.ts';

installSecretKeyring({ current: secretKeyFrom(randomBytes(32)), previous: [] });

// node-oidc-provider configured like Identity for the side-by-side bench: one confidential client, JWT access tokens
// signed RS256 (resource indicators with accessTokenFormat 'jwt'), rotated refresh tokens, PKCE, dev interactions
// (the bench drives the login form over HTTP), in-memory adapter. Started by Identity.Bench: PORT=... node server.mjs
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 3100);
const issuer = `http://127.0.0.1:${port}`;
const resource = 'urn:bench:api';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };

// The built-in development adapter is an LRU of 1,000 entries: under load it evicts live grants (invalid_grant on
// refresh). This one is an unbounded Map, which is what a bench of the protocol code (not of a store) needs.
const store = new Map();
class MapAdapter {
  constructor(name) { this.name = name; }
  key(id) { return `${this.name}:${id}`; }
  async upsert(id, payload) {
    store.set(this.key(id), payload);
    if (payload.grantId) {
      const grantKey = `grant:${payload.grantId}`;
      const ids = store.get(grantKey) ?? [];
      ids.push(this.key(id));
      store.set(grantKey, ids);
    }
    if (payload.userCode) store.set(`userCode:${payload.userCode}`, id);
    if (payload.uid) store.set(`uid:${payload.uid}`, id);
  }
  async find(id) { return store.get(this.key(id)); }
  async findByUserCode(userCode) { const id = store.get(`userCode:${userCode}`); return id && this.find(id); }
  async findByUid(uid) { const id = store.get(`uid:${uid}`); return id && this.find(id); }
  async consume(id) { const payload = store.get(this.key(id)); if (payload) payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { store.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    const grantKey = `grant:${grantId}`;
    for (const key of store.get(grantKey) ?? []) store.delete(key);
    store.delete(grantKey);
  }
}

const provider = new Provider(issuer, {
  adapter: MapAdapter,
  clients: [{
    client_id: process.env.CLIENT_ID ?? 'bench-node',
    client_secret: process.env.CLIENT_SECRET ?? 'bench-node-secret-0123456789abcdef',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'openid profile offline_access api',
  }],
  jwks: { keys: [jwk] },
  scopes: ['openid', 'profile', 'offline_access', 'api'],
  pkce: { required: () => true },
  rotateRefreshToken: true,
  ttl: { ClientCredentials: 3600, AccessToken: 3600, AuthorizationCode: 60, RefreshToken: 14 * 24 * 3600, Session: 3600, Interaction: 600, Grant: 14 * 24 * 3600 },
  cookies: { keys: ['bench-cookie-key-0123456789abcdef'] },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'api', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  // First-party: consent is granted on the user's behalf, as Identity does for its own applications.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile offline_access');
    grant.addResourceScope(resource, 'api');
    await grant.save();
    return grant;
  },
  // A refresh token whenever the client may use the grant (Identity issues one whenever offline_access is granted).
  async issueRefreshToken(ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  async findAccount(ctx, sub) {
    return { accountId: sub, async claims() { return { sub, name: sub }; } };
  },
});

provider.on('server_error', (ctx, error) => console.error('server_error', error));
provider.listen(port, '127.0.0.1', () => console.log(`node-oidc-provider listening on ${issuer}`));

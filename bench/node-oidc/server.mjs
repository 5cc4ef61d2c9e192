// node-oidc-provider configured like Identity for the side-by-side bench: one confidential client, JWT access tokens
// (resource indicators with accessTokenFormat 'jwt'), rotated refresh tokens, PKCE, dev interactions (the bench drives the
// login form over HTTP). Started by Identity.Bench: PORT=... node server.mjs, with
//   ID_TOKEN_ALG      RS256 (default) or ES256: the ID tokens' key (as our server's Keys:Algorithm)
//   ACCESS_TOKEN_ALG  ES256 (default) or RS256: the access tokens' key (as our server's Keys:AccessTokenAlgorithm)
//   NODE_STORE    memory (default) or postgres: every model in one PostgreSQL table, as Logto's adapter keeps them
//                 (the PG* variables name the database; Identity.Bench creates the table)
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 3100);
const issuer = `http://127.0.0.1:${port}`;
const resource = 'urn:bench:api';
const idTokenAlg = process.env.ID_TOKEN_ALG ?? 'RS256';
const accessTokenAlg = process.env.ACCESS_TOKEN_ALG ?? 'ES256';
const signingKey = (alg) => {
  if (alg !== 'RS256' && alg !== 'ES256') throw new Error(`signing algorithm ${alg}: RS256 or ES256`);
  const { privateKey } = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `bench-${alg.toLowerCase()}`, alg, use: 'sig' };
};
const keys = [...new Set([idTokenAlg, accessTokenAlg])].map(signingKey);

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

// Logto's adapter, over one table (tenant_id, model_name, id, payload jsonb, expires_at, consumed_at): an upsert per
// save, a select by key (or by the payload's uid / userCode), an update for consume, deletes for destroy and for a
// grant's revocation. A refresh token consumed less than 3 s ago still reads as unconsumed: Logto's reuse leeway.
const tenant = 'default';
const refreshTokenReuseSeconds = 3;
let pool;
class PgAdapter {
  constructor(name) { this.name = name; }
  async upsert(id, payload, expiresIn) {
    // Every model here has a ttl; the fallback only keeps the column's NOT NULL.
    const expiresAt = new Date(Date.now() + (expiresIn ?? 14 * 24 * 3600) * 1000);
    await pool.query(
      `insert into oidc_model_instances (tenant_id, model_name, id, payload, expires_at) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, model_name, id) do update set payload = excluded.payload, expires_at = excluded.expires_at`,
      [tenant, this.name, id, payload, expiresAt]);
  }
  find(id) { return this.findWhere('id = $3', id); }
  findByUid(uid) { return this.findWhere(`payload->>'uid' = $3`, uid); }
  findByUserCode(userCode) { return this.findWhere(`payload->>'userCode' = $3`, userCode); }
  async findWhere(condition, value) {
    const { rows } = await pool.query(
      `select payload, consumed_at from oidc_model_instances
       where tenant_id = $1 and model_name = $2 and ${condition} and expires_at > now()`,
      [tenant, this.name, value]);
    if (rows.length !== 1) return undefined;
    const { payload, consumed_at: consumedAt } = rows[0];
    const leeway = this.name === 'RefreshToken' ? refreshTokenReuseSeconds * 1000 : 0;
    return consumedAt && consumedAt.getTime() + leeway <= Date.now() ? { ...payload, consumed: true } : payload;
  }
  async consume(id) {
    await pool.query('update oidc_model_instances set consumed_at = now() where tenant_id = $1 and model_name = $2 and id = $3',
      [tenant, this.name, id]);
  }
  async destroy(id) {
    await pool.query('delete from oidc_model_instances where tenant_id = $1 and model_name = $2 and id = $3', [tenant, this.name, id]);
  }
  async revokeByGrantId(grantId) {
    await pool.query(`delete from oidc_model_instances where tenant_id = $1 and model_name = $2 and payload->>'grantId' = $3`,
      [tenant, this.name, grantId]);
  }
}

const storeKind = process.env.NODE_STORE ?? 'memory';
if (storeKind === 'postgres') {
  const { default: pg } = await import('pg');
  pool = new pg.Pool({ max: Number(process.env.PG_POOL_MAX ?? 20) }); // PGHOST, PGPORT, PGUSER, PGDATABASE from the environment
  pool.on('error', (error) => console.error('pg pool', error));
} else if (storeKind !== 'memory') {
  throw new Error(`NODE_STORE ${storeKind}: memory or postgres`);
}

const provider = new Provider(issuer, {
  adapter: storeKind === 'postgres' ? PgAdapter : MapAdapter,
  clients: [{
    client_id: process.env.CLIENT_ID ?? 'bench-node',
    client_secret: process.env.CLIENT_SECRET ?? 'bench-node-secret-0123456789abcdef',
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'openid profile offline_access api',
    id_token_signed_response_alg: idTokenAlg,
  }],
  jwks: { keys },
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
      getResourceServerInfo: () => ({ scope: 'api', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: accessTokenAlg } } }),
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
provider.listen(port, '127.0.0.1', () => console.log(`node-oidc-provider listening on ${issuer} (ID tokens ${idTokenAlg}, access tokens ${accessTokenAlg}, ${storeKind} store)`));

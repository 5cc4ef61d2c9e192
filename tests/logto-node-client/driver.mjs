// A Logto SDK app (@logto/node, used unchanged) driven line by line from the C# tests in
// tests/Identity.LogtoSdk.Tests. The user's browser part is played by the tests; this process is the app.
//
// Configuration comes from the environment: LOGTO_ENDPOINT (the server's base URL, e.g. http://127.0.0.1:5000),
// LOGTO_APP_ID and LOGTO_APP_SECRET (a Traditional app: @logto/node then adds HTTP Basic to every request), and,
// optionally, LOGTO_RESOURCES and LOGTO_SCOPES (space-separated: the config's `resources` and `scopes`, as in Logto's
// "Protect your API").
//
// Protocol: one JSON command per line on stdin, one JSON result per line on stdout, in order.
//   {"cmd":"signIn","redirectUri":"...","interactionMode":"signUp"}  -> {"navigate":"<authorization URL>"}
//   {"cmd":"callback","url":"<callback URL>"}                        -> {"ok":true,"isAuthenticated":true,"claims":{...}}
//   {"cmd":"accessToken"}                                            -> {"accessToken":"..."}
//   {"cmd":"accessToken","resource":"<indicator>"}  (getAccessToken(resource): a refresh_token grant with resource)
//   {"cmd":"userInfo"}                                               -> {"userInfo":{...}}
//   {"cmd":"refreshToken"}                                           -> {"refreshToken":"..."}
//   {"cmd":"refresh"}        (drops the cached access token, so the SDK runs its refresh_token grant)
//                                                                    -> {"accessToken","previousAccessToken","refreshToken","previousRefreshToken","claims"}
//   {"cmd":"context"}        (@logto/node's getContext with access token and user info, as express/next use it)
//   {"cmd":"state"}                                                  -> {"isAuthenticated":bool,"claims":{...}|null}
//   {"cmd":"signOut","postLogoutRedirectUri":"..."}                   -> {"navigate":"<end-session URL>","isAuthenticated":false}
//   {"cmd":"trace"}          (the HTTP exchanges the SDK made since the last "trace")  -> {"http":[...]}
//   {"cmd":"exit"}                                                   -> {"ok":true}, then the process ends
// A failure answers {"error":"<Logto error code or name>","detail":{...}} (with the last HTTP exchange) and the
// driver keeps running. On start it writes {"ready":true,"versions":{...}}.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import LogtoClient from '@logto/node';

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} is required`);
  }
  return value;
};

const write = (value) => {
  process.stdout.write(JSON.stringify(value) + '\n');
};

const readVersion = (name) => {
  try {
    const url = new URL(`./node_modules/${name}/package.json`, import.meta.url);
    return JSON.parse(readFileSync(url, 'utf8')).version;
  } catch {
    return null;
  }
};

// Every HTTP exchange the SDK makes through fetch, so a failure can say which request got which answer.
// Wrapping the global fetch leaves the SDK itself untouched (@logto/node looks fetch up when it calls it).
const trace = [];
const originalFetch = globalThis.fetch;
const describeAuthorization = (value) => {
  if (!value) {
    return null;
  }
  const [scheme, credentials = ''] = value.split(' ');
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    return `Basic (client ${decoded.split(':')[0]})`;
  }
  return `${scheme} …`;
};
globalThis.fetch = async (input, init = {}) => {
  const headers = new Headers(init.headers ?? {});
  const entry = {
    method: init.method ?? 'GET',
    url: String(input instanceof Request ? input.url : input),
    authorization: describeAuthorization(headers.get('authorization')),
    body: typeof init.body === 'string' ? init.body : init.body === undefined ? null : '(non-text body)',
  };
  trace.push(entry);
  try {
    const response = await originalFetch(input, init);
    entry.status = response.status;
    entry.contentType = response.headers.get('content-type');
    const text = await response.clone().text();
    entry.response = text.length > 4000 ? text.slice(0, 4000) + '…' : text;
    return response;
  } catch (error) {
    entry.networkError = String(error?.cause ?? error);
    throw error;
  }
};

const memory = new Map();
const storage = {
  getItem: async (key) => memory.get(key) ?? null,
  setItem: async (key, value) => {
    memory.set(key, value);
  },
  removeItem: async (key) => {
    memory.delete(key);
  },
};

let lastNavigation = null;
const optionalList = (name) => (process.env[name] ? process.env[name].split(' ').filter(Boolean) : undefined);
const client = new LogtoClient(
  {
    endpoint: required('LOGTO_ENDPOINT'),
    appId: required('LOGTO_APP_ID'),
    appSecret: required('LOGTO_APP_SECRET'),
    resources: optionalList('LOGTO_RESOURCES'),
    scopes: optionalList('LOGTO_SCOPES'),
  },
  {
    storage,
    navigate: (url, context) => {
      lastNavigation = { url, context };
    },
  },
);

const claimsOrNull = async () => ((await client.isAuthenticated()) ? client.getIdTokenClaims() : null);

const navigation = () => {
  const navigated = lastNavigation;
  lastNavigation = null;
  if (!navigated) {
    throw new Error('The SDK did not navigate');
  }
  return navigated.url;
};

const commands = {
  async signIn({ redirectUri, interactionMode, firstScreen, loginHint, prompt, extraParams }) {
    await client.signIn({ redirectUri, interactionMode, firstScreen, loginHint, prompt, extraParams });
    return { navigate: navigation() };
  },
  async callback({ url }) {
    await client.handleSignInCallback(url);
    return { ok: true, isAuthenticated: await client.isAuthenticated(), claims: await claimsOrNull() };
  },
  async accessToken({ resource }) {
    return { accessToken: await client.getAccessToken(resource) };
  },
  async userInfo() {
    return { userInfo: await client.fetchUserInfo() };
  },
  async refreshToken() {
    return { refreshToken: await client.getRefreshToken() };
  },
  async refresh() {
    const previousRefreshToken = await client.getRefreshToken();
    const previousAccessToken = await client.getAccessToken();
    // The SDK refreshes when its cached access token is missing or expired; dropping it is the public way in.
    await client.clearAccessToken();
    const accessToken = await client.getAccessToken();
    return {
      accessToken,
      previousAccessToken,
      refreshToken: await client.getRefreshToken(),
      previousRefreshToken,
      claims: await claimsOrNull(),
    };
  },
  async context() {
    return { context: await client.getContext({ getAccessToken: true, fetchUserInfo: true }) };
  },
  async state() {
    return { isAuthenticated: await client.isAuthenticated(), claims: await claimsOrNull() };
  },
  async signOut({ postLogoutRedirectUri }) {
    await client.signOut(postLogoutRedirectUri);
    return { navigate: navigation(), isAuthenticated: await client.isAuthenticated() };
  },
  async trace() {
    return { http: trace.splice(0) };
  },
};

const describeError = (error) => {
  const detail = {
    name: error?.name,
    code: error?.code,
    message: error?.message,
  };
  const { data, cause } = error ?? {};
  if (data !== undefined) {
    detail.data = data instanceof Error ? { name: data.name, message: data.message } : data;
  }
  if (cause instanceof Response) {
    detail.status = cause.status;
  } else if (cause !== undefined) {
    detail.cause = String(cause);
  }
  // jose's JWT validation errors say which claim failed.
  for (const key of ['claim', 'reason']) {
    if (error?.[key] !== undefined) {
      detail[key] = error[key];
    }
  }
  detail.lastHttp = trace.at(-1) ?? null;
  return { error: String(error?.code ?? error?.name ?? 'error'), detail };
};

// Never let a stray rejection kill the app between commands; say it on stderr instead.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection: ${reason?.stack ?? reason}\n`);
});

write({
  ready: true,
  node: process.version,
  versions: Object.fromEntries(['@logto/node', '@logto/client', '@logto/js'].map((name) => [name, readVersion(name)])),
});

const lines = createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  if (!line.trim()) {
    continue;
  }
  let command;
  try {
    command = JSON.parse(line);
  } catch (error) {
    write({ error: 'bad_command', detail: { message: String(error), line } });
    continue;
  }
  if (command.cmd === 'exit') {
    write({ ok: true });
    break;
  }
  const handler = Object.hasOwn(commands, command.cmd) ? commands[command.cmd] : undefined;
  if (!handler) {
    write({ error: 'unknown_command', detail: { cmd: command.cmd } });
    continue;
  }
  try {
    write(await handler(command));
  } catch (error) {
    write(describeError(error));
  }
}
process.exit(0);

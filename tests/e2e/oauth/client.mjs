// The official MCP TypeScript SDK client through the whole OAuth 2.1 flow against the server in
// jwt mode and a real authorization server (as.mjs): 401 -> protected-resource metadata ->
// authorization-server metadata -> dynamic client registration -> authorization code + PKCE
// with a resource indicator -> token -> MCP; then a write call gets 403 insufficient_scope and
// works after step-up. The "browser" step (redirectToAuthorization) is automated: the URL is
// fetched and its redirects followed, cookies kept, until the AS redirects to our redirect_uri.
//
// Usage: node client.mjs MCP_URL ISSUER SIM_URL (the sandbox's Zscaler simulator)
// Prints the HTTP exchanges in order ("  > ...") and one "PASS name" / "FAIL name: why" line
// per check; exits non-zero if any check failed.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as common from './common.mjs';

const [mcpUrl, issuer, simUrl] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const sdkVersion = JSON.parse(
  readFileSync(join(here, 'node_modules/@modelcontextprotocol/sdk/package.json'), 'utf8'),
).version;
const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

let failed = 0;
let passed = 0;
function check(name, ok, why = '') {
  if (ok) {
    passed += 1;
    console.log(`PASS ts: ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ts: ${name}: ${why}`);
  }
}

// Every exchange the SDK makes goes through this fetch, so the transcript is complete.
const exchanges = [];
async function loggingFetch(input, init = {}) {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  const method = init.method ?? (input.method || 'GET');
  const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : '';
  const response = await fetch(input, init);
  const text = await response.clone().text().catch(() => '');
  const entry = {
    method,
    url,
    body,
    status: response.status,
    www: response.headers.get('www-authenticate'),
    location: response.headers.get('location'),
    auth: new Headers(init.headers ?? {}).get('authorization'),
    text,
  };
  exchanges.push(entry);
  console.log(`  > ${common.describe(entry, issuer, mcpUrl)}`);
  return response;
}

class AutomatedProvider {
  constructor() {
    this.client = undefined;
    this.tokenSet = undefined;
    this.verifier = undefined;
    this.pendingCode = undefined;
    this.lastState = undefined;
    this.authorizationUrls = [];
  }
  get redirectUrl() {
    return REDIRECT_URI;
  }
  get clientMetadata() {
    return {
      client_name: 'zscaler-mcp oauth e2e (TypeScript SDK)',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() {
    this.lastState = randomBytes(16).toString('hex');
    return this.lastState;
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info) {
    this.client = info;
  }
  tokens() {
    return this.tokenSet;
  }
  saveTokens(tokens) {
    this.tokenSet = tokens;
  }
  saveCodeVerifier(verifier) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  async redirectToAuthorization(url) {
    this.authorizationUrls.push(new URL(url));
    const callback = await common.followAuthorization(url.toString(), REDIRECT_URI, (line) => console.log(`  > ${line}`));
    if (callback.searchParams.get('state') !== this.lastState) {
      throw new Error(`state mismatch: ${callback}`);
    }
    if (callback.searchParams.get('iss') !== issuer) {
      throw new Error(`RFC 9207 iss mismatch: ${callback}`);
    }
    this.pendingCode = callback.searchParams.get('code');
  }
}

const provider = new AutomatedProvider();
let transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: loggingFetch });
let client = new Client({ name: 'zscaler-mcp-oauth-e2e-ts', version: '1.0.0' });

console.log(`ts: @modelcontextprotocol/sdk ${sdkVersion} against ${mcpUrl}, authorization server ${issuer}`);

// 1. Connect: 401, discovery, registration, authorization (automated), then finishAuth.
let first = 0;
try {
  await client.connect(transport);
  check('the first connect needs authorization', false, 'connected without a token');
} catch (err) {
  check('the first connect ends in UnauthorizedError (REDIRECT)', err instanceof UnauthorizedError, String(err));
}
common.checkDiscovery(check, exchanges.slice(first), { issuer, mcpUrl, scope: 'zscaler.read' });
const authUrl = provider.authorizationUrls.at(-1);
common.checkAuthorizationUrl(check, authUrl, { issuer, mcpUrl, scope: 'zscaler.read', clientId: provider.client?.client_id });

first = exchanges.length;
await transport.finishAuth(provider.pendingCode);
common.checkTokenExchange(check, exchanges.slice(first), { issuer, mcpUrl, scope: 'zscaler.read', clientId: provider.client?.client_id });
common.checkAccessToken(check, provider.tokenSet?.access_token, { issuer, mcpUrl, scope: 'zscaler.read' }, 'read token');

// The SDK's transport is single-use after a failed start: connect again with a fresh one.
transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: loggingFetch });
client = new Client({ name: 'zscaler-mcp-oauth-e2e-ts', version: '1.0.0' });
first = exchanges.length;
await client.connect(transport);
check(
  'initialize with the read token -> 200',
  exchanges.slice(first).some((e) => e.url === mcpUrl && e.method === 'POST' && e.status === 200 && e.auth === `Bearer ${provider.tokenSet.access_token}`),
  JSON.stringify(exchanges.slice(first).map((e) => [e.method, e.url, e.status])),
);

// 2. Read: tools/list lacks the write tool; the read tool answers with the sandbox's labels.
let tools = (await client.listTools()).tools.map((t) => t.name);
common.checkReadTools(check, tools);
let labels = common.labelsOf(await client.callTool({ name: 'zia_list_rule_labels', arguments: {} }));
common.checkSeedLabels(check, labels);

// 3. Write with the read token: 403 insufficient_scope naming zscaler.write; the SDK starts the
// step-up (authorization with the challenged scopes) and stops at the redirect.
const labelName = `oauth-e2e-ts-${randomBytes(4).toString('hex')}`;
first = exchanges.length;
const authsBefore = provider.authorizationUrls.length;
try {
  await client.callTool({ name: 'zia_create_rule_label', arguments: { name: labelName, description: 'created by the OAuth e2e' } });
  check('a write call with the read token is refused', false, 'the call succeeded');
} catch (err) {
  check('a write call with the read token ends in UnauthorizedError (step-up REDIRECT)', err instanceof UnauthorizedError, String(err));
}
common.checkInsufficientScope(check, exchanges.slice(first), { mcpUrl, token: provider.tokenSet.access_token });
check('the step-up started one new authorization', provider.authorizationUrls.length === authsBefore + 1, `${provider.authorizationUrls.length - authsBefore}`);
common.checkAuthorizationUrl(check, provider.authorizationUrls.at(-1), {
  issuer, mcpUrl, scope: 'zscaler.read zscaler.write', clientId: provider.client?.client_id, label: 'step-up ',
});
check(
  'the step-up reuses the registration (no second POST /reg)',
  !exchanges.slice(first).some((e) => e.method === 'POST' && e.url.startsWith(`${issuer}${common.REG_PATH}`)),
  'registered again',
);

first = exchanges.length;
await transport.finishAuth(provider.pendingCode);
common.checkTokenExchange(check, exchanges.slice(first), {
  issuer, mcpUrl, scope: 'zscaler.read zscaler.write', clientId: provider.client?.client_id, label: 'step-up ',
});
common.checkAccessToken(check, provider.tokenSet?.access_token, { issuer, mcpUrl, scope: 'zscaler.read zscaler.write' }, 'write token');

// 4. The same write with the write token works, creating exactly one label.
const created = await client.callTool({ name: 'zia_create_rule_label', arguments: { name: labelName, description: 'created by the OAuth e2e' } });
common.checkCreated(check, created, labelName);
tools = (await client.listTools()).tools.map((t) => t.name);
check('tools/list with the write token includes zia_create_rule_label', tools.includes('zia_create_rule_label'), 'missing');
labels = common.labelsOf(await client.callTool({ name: 'zia_list_rule_labels', arguments: {} }));
common.checkOneMoreLabel(check, labels, labelName);
await common.checkOneUpstreamCreate(check, simUrl, labelName);

await client.close();
console.log(`ts: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

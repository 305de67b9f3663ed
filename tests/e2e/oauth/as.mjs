// A real OAuth 2.1 authorization server for the end-to-end run: panva's oidc-provider on a free
// loopback port, with dynamic client registration (open), authorization code + PKCE (S256,
// required), resource indicators (RFC 8707) issuing RS256 JWT access tokens whose audience is
// the MCP resource and whose scope is what was asked for (of zscaler.read / zscaler.write).
//
// Usage: node as.mjs RESOURCE_FILE
// RESOURCE_FILE holds the resource URL of the current target, written by run.sh once that
// target is up (each starts after the AS, on a port of its own choosing): the local server's
// http://127.0.0.1:PORT/mcp, or for the Lambda target the https://127.0.0.1:PORT/mcp the function
// advertises behind its TLS front. It is read on every request, so one AS serves the targets in
// turn; resource indicators other than the current target's URL are refused.
// Prints "authorization server listening on http://127.0.0.1:PORT" once serving.
//
// Login and consent are automated: the interaction URL logs in user "e2e-user" and grants
// exactly the requested scopes, then redirects back into the flow, so a client that follows
// redirects (and keeps cookies) from the authorization URL lands on its redirect_uri.
// Every request is logged to stderr (method, path, status) for the transcript.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';
import { serveProvider } from './serve.mjs';

const resourceFile = process.argv[2];
if (!resourceFile) {
  console.error('usage: node as.mjs RESOURCE_FILE');
  process.exit(2);
}
const SCOPES = ['zscaler.read', 'zscaler.write'];

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-rs256', use: 'sig', alg: 'RS256' };

function allowedResource() {
  try {
    return fs.readFileSync(resourceFile, 'utf8').trim();
  } catch {
    return '';
  }
}

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', ...SCOPES],
  clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'none' },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf ?? allowedResource(),
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resourceIndicator) => {
        if (resourceIndicator !== allowedResource()) {
          throw new Provider.errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
        }
        return {
          scope: SCOPES.join(' '),
          audience: resourceIndicator,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // MCP clients register with the scope of the first 401 challenge (zscaler.read; the TS SDK
  // since SEP-835, the Python SDK likewise), and RFC 7591 makes a registered `scope` the
  // client's ceiling, which oidc-provider enforces: step-up to zscaler.write would then be
  // refused with invalid_scope. Like an AS operator would, let a registered client request every
  // scope this resource defines (the consent step still grants only what each request asks).
  extraClientMetadata: {
    properties: ['e2e_scope_ceiling'],
    validator: (_ctx, key, _value, metadata) => {
      if (key === 'e2e_scope_ceiling' && metadata.scope !== undefined) {
        const widened = new Set([...metadata.scope.split(' '), ...SCOPES]);
        metadata.scope = [...widened].join(' ');
      }
    },
  },
  pkce: { required: () => true },
  interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, Interaction: 600, Session: 600 },
});
provider.on('server_error', (_ctx, err) => console.error('as: server_error', err));

serveProvider(server, provider, 'as');

console.log(`authorization server listening on ${issuer}`);

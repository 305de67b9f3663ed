// The upstream identity provider of the oidc-proxy runs: panva's oidc-provider on a free
// loopback port configured like Amazon Cognito or Entra ID as far as MCP clients care: NO
// dynamic client registration and no resource indicators, one static confidential client
// (client_secret_basic, authorization code + PKCE) whose only redirect URI is the proxy's
// /callback. It grants the requested scopes (openid, zscaler.read, zscaler.write) and returns
// them in the token response, with an RS256 id_token.
//
// Usage: IDP_CLIENT_SECRET=... node idp.mjs CLIENT_ID CALLBACK_URL
// Prints "identity provider listening on http://127.0.0.1:PORT" once serving. Login and consent
// are automated as in as.mjs (user "e2e-user"); every request is logged to stderr.
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';
import { serveProvider } from './serve.mjs';

const [clientId, callbackUrl] = process.argv.slice(2);
const clientSecret = process.env.IDP_CLIENT_SECRET;
if (!clientId || !callbackUrl || !clientSecret) {
  console.error('usage: IDP_CLIENT_SECRET=... node idp.mjs CLIENT_ID CALLBACK_URL');
  process.exit(2);
}
const SCOPES = ['zscaler.read', 'zscaler.write'];
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'idp-rs256', use: 'sig', alg: 'RS256' };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', ...SCOPES],
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [callbackUrl],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: false },
    resourceIndicators: { enabled: false },
  },
  pkce: { required: () => true },
  interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
});
provider.on('server_error', (_ctx, err) => console.error('idp: server_error', err));

serveProvider(server, provider, 'idp');

console.log(`identity provider listening on ${issuer}`);

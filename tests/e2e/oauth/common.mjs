// Checks and the automated "browser" shared by client.mjs (the Python client has its own copy,
// client.py; both assert the same things).

// OAUTH_E2E_PROXY=1: the MCP server itself is the authorization server (oidc-proxy mode, in
// front of idp.mjs): its endpoints are /authorize and /register, its access tokens HS256 JWTs
// signed with its key ring. Otherwise the AS is as.mjs (/auth, /reg, RS256).
export const PROXY = process.env.OAUTH_E2E_PROXY === '1';
export const AUTH_PATH = PROXY ? '/authorize' : '/auth';
export const REG_PATH = PROXY ? '/register' : '/reg';
export const TOKEN_ALG = PROXY ? 'HS256' : 'RS256';

export const SEED_LABELS = ['Production', 'Change-Window', 'Compliance', 'Temporary', 'Sandbox-Managed'];

function path(url, issuer, mcpUrl) {
  if (url.startsWith(issuer)) return `AS ${url.slice(issuer.length).split('?')[0]}`;
  const origin = new URL(mcpUrl).origin;
  if (url.startsWith(origin)) return `MCP ${url.slice(origin.length)}`;
  return url;
}

export function describe(e, issuer, mcpUrl) {
  let line = `${e.method} ${path(e.url, issuer, mcpUrl)}${e.auth ? ' (bearer)' : ''} -> ${e.status}`;
  if (e.www) line += ` WWW-Authenticate: ${e.www}`;
  if (e.location) line += ` Location: ${e.location.split('?')[0]}`;
  if (e.method === 'POST' && e.url === `${issuer}${REG_PATH}`) {
    try {
      line += ` (asked scope ${JSON.stringify(JSON.parse(e.body).scope)}, registered ${JSON.stringify(JSON.parse(e.text).scope)})`;
    } catch { /* not JSON */ }
  }
  if (e.status >= 400 && e.text) line += ` ${e.text.slice(0, 200)}`;
  return line;
}

// Play the user agent: GET the authorization URL, follow the AS's redirects through the
// automated login and consent (keeping its cookies), stop at the redirect to redirectUri.
export async function followAuthorization(url, redirectUri, log) {
  const jar = new Map();
  let next = url;
  for (let hop = 0; hop < 12; hop += 1) {
    const headers = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(next, { redirect: 'manual', headers });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const location = response.headers.get('location');
    log(`GET ${new URL(next).pathname} (user agent) -> ${response.status}${location ? ` Location: ${location.split('?')[0]}` : ''}`);
    await response.arrayBuffer();
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`authorization stopped at ${next}: ${response.status}`);
    }
    const target = new URL(location, next);
    if (target.toString().startsWith(redirectUri)) {
      if (target.searchParams.get('error')) {
        throw new Error(`authorization error: ${target.searchParams.get('error')} ${target.searchParams.get('error_description')}`);
      }
      return target;
    }
    next = target.toString();
  }
  throw new Error('too many redirects in the authorization');
}

export function challengeFor(mcpUrl) {
  const origin = new URL(mcpUrl).origin;
  return `Bearer scope="zscaler.read", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`;
}

export function checkDiscovery(check, exs, { issuer, mcpUrl }) {
  const origin = new URL(mcpUrl).origin;
  const first = exs[0];
  check('first MCP request -> 401', first && first.url === mcpUrl && first.status === 401, JSON.stringify(first?.status));
  check('401 WWW-Authenticate names scope zscaler.read and the metadata URL', first?.www === challengeFor(mcpUrl), first?.www);
  const prmAt = exs.findIndex((e) => e.url === `${origin}/.well-known/oauth-protected-resource/mcp`);
  const prm = exs[prmAt];
  let doc = {};
  try { doc = JSON.parse(prm?.text ?? '{}'); } catch { /* checked below */ }
  check('protected-resource metadata from the 401 -> 200', prm?.status === 200, JSON.stringify(prm?.status));
  check(
    'metadata: resource is the MCP URL, authorization server is the AS, scopes read then write',
    doc.resource === mcpUrl && JSON.stringify(doc.authorization_servers) === JSON.stringify([issuer])
      && JSON.stringify(doc.scopes_supported) === JSON.stringify(['zscaler.read', 'zscaler.write']),
    prm?.text,
  );
  // (In proxy mode the AS and the resource share an origin: skip the resource's metadata.)
  const asmAt = exs.findIndex((e) => e.url.startsWith(`${issuer}/.well-known/`)
    && !e.url.includes('/oauth-protected-resource') && e.status === 200);
  check('authorization-server metadata after it -> 200', asmAt > prmAt && prmAt > 0, `${prmAt} ${asmAt}`);
  const regAt = exs.findIndex((e) => e.method === 'POST' && e.url === `${issuer}${REG_PATH}`);
  check('dynamic client registration after it -> 201', regAt > asmAt && exs[regAt]?.status === 201, JSON.stringify(exs[regAt]?.status));
}

export function checkAuthorizationUrl(check, url, { issuer, mcpUrl, scope, clientId, label = '' }) {
  const p = url?.searchParams;
  const ok = url && `${url.origin}${url.pathname}` === `${issuer}${AUTH_PATH}`
    && p.get('response_type') === 'code'
    && p.get('client_id') === clientId
    && p.get('code_challenge_method') === 'S256'
    && /^[A-Za-z0-9_-]{43}$/.test(p.get('code_challenge') ?? '')
    && p.get('resource') === mcpUrl
    && p.get('scope') === scope;
  check(`${label}authorization request: code + PKCE S256, resource=${mcpUrl}, scope="${scope}"`, ok, String(url));
}

export function checkTokenExchange(check, exs, { issuer, mcpUrl, clientId, label = '' }) {
  const tok = exs.find((e) => e.method === 'POST' && e.url === `${issuer}/token`);
  const body = new URLSearchParams(tok?.body ?? '');
  check(
    `${label}token request: authorization_code + code_verifier + resource -> 200`,
    tok?.status === 200 && body.get('grant_type') === 'authorization_code' && !!body.get('code_verifier')
      && body.get('resource') === mcpUrl && body.get('client_id') === clientId,
    `${tok?.status} ${tok?.body}`,
  );
}

export function decodeJwt(token) {
  const [h, p] = (token ?? '').split('.');
  return [JSON.parse(Buffer.from(h, 'base64url')), JSON.parse(Buffer.from(p, 'base64url'))];
}

export function checkAccessToken(check, token, { issuer, mcpUrl, scope }, label) {
  let header = {};
  let claims = {};
  try { [header, claims] = decodeJwt(token); } catch { /* checked below */ }
  check(
    `${label}: ${TOKEN_ALG} JWT, iss=AS, aud=${mcpUrl}, scope="${scope}"`,
    header.alg === TOKEN_ALG && claims.iss === issuer && claims.aud === mcpUrl && claims.scope === scope,
    JSON.stringify([header, claims]),
  );
}

export function checkReadTools(check, tools) {
  check('tools/list with the read token includes zia_list_rule_labels', tools.includes('zia_list_rule_labels'), `${tools.length} tools`);
  const writes = tools.filter((t) => /_(create|update|delete|add|remove|activate|bulk)_/.test(t));
  check('tools/list with the read token has no write tool', !tools.includes('zia_create_rule_label') && writes.length === 0, writes.join(','));
}

export function textOf(result) {
  return (result.content ?? []).find((c) => c.type === 'text')?.text ?? '';
}

export function labelsOf(result) {
  if (result.isError) return { error: textOf(result) };
  return JSON.parse(textOf(result));
}

export function checkSeedLabels(check, labels) {
  check(
    'zia_list_rule_labels with the read token -> the 5 sandbox labels',
    Array.isArray(labels) && JSON.stringify(labels.map((l) => l.name)) === JSON.stringify(SEED_LABELS),
    JSON.stringify(labels).slice(0, 300),
  );
}

export function insufficientScopeFor(mcpUrl) {
  const origin = new URL(mcpUrl).origin;
  return `Bearer error="insufficient_scope", scope="zscaler.read zscaler.write", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`;
}

export function checkInsufficientScope(check, exs, { mcpUrl, token }) {
  const e = exs.find((x) => x.method === 'POST' && x.url === mcpUrl && x.status === 403);
  check('write call with the read token -> 403', !!e && e.auth === `Bearer ${token}`, JSON.stringify(exs.map((x) => [x.url, x.status])));
  check('403 WWW-Authenticate: insufficient_scope with scope "zscaler.read zscaler.write"', e?.www === insufficientScopeFor(mcpUrl), e?.www);
  let message = '';
  try { message = JSON.parse(e?.text ?? '{}').error?.message ?? ''; } catch { /* checked below */ }
  check('403 body is a JSON-RPC error naming zscaler.write', message.includes('zscaler.write'), e?.text);
}

export function checkCreated(check, result, name) {
  let obj = {};
  try { obj = JSON.parse(textOf(result)); } catch { /* checked below */ }
  check(`zia_create_rule_label after step-up -> created "${name}"`, !result.isError && obj.name === name && Number.isInteger(obj.id), textOf(result).slice(0, 300));
}

export function checkOneMoreLabel(check, labels, name) {
  const names = Array.isArray(labels) ? labels.map((l) => l.name) : [];
  check(
    'zia_list_rule_labels afterwards -> the 5 sandbox labels plus exactly the new one',
    names.length === SEED_LABELS.length + 1 && names.filter((n) => n === name).length === 1
      && SEED_LABELS.every((s) => names.includes(s)),
    JSON.stringify(names),
  );
}

// The simulator's request log: the refused write never reached Zscaler, the allowed one once.
export async function checkOneUpstreamCreate(check, simUrl, name) {
  const seen = await (await fetch(`${simUrl}/__sim/requests`)).json();
  const creates = seen.filter((r) => r.method === 'POST' && r.path.endsWith('/ruleLabels'));
  check(
    'Zscaler (simulator) received exactly one create, with that name',
    creates.length === 1 && creates[0].body?.name === name,
    JSON.stringify(creates).slice(0, 300),
  );
}

// What both test providers (as.mjs, idp.mjs) share: the automated user (login as e2e-user,
// consent to everything asked: OIDC scopes and claims, and resource scopes where the provider
// has resource indicators) and the request loop, each request logged as one line on stderr
// under the provider's label, `/interaction/...` to the automated user, everything else to
// oidc-provider.
async function automatedUser(provider, label, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    console.error(`${label}: interaction ${details.uid}: login e2e-user`);
    await provider.interactionFinished(req, res, { login: { accountId: 'e2e-user' } }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    const granted = (missingOIDCScope ?? []).length ? [missingOIDCScope.join(' ')] : [];
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
      granted.push(`${indicator}: ${scopes.join(' ')}`);
    }
    const grantId = await grant.save();
    console.error(`${label}: interaction ${details.uid}: consent ${granted.join('; ') || '(nothing new)'}`);
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  res.statusCode = 400;
  res.end(`unexpected prompt ${prompt.name}`);
}

export function serveProvider(server, provider, label) {
  const interaction = (req, res) => automatedUser(provider, label, req, res);
  const callback = provider.callback();
  server.on('request', (req, res) => {
    res.on('finish', () => {
      const path = req.url.split('?')[0];
      console.error(`${label}: ${req.method} ${path} -> ${res.statusCode}`);
    });
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((err) => {
        console.error(`${label}: interaction failed`, err);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(String(err));
        }
      });
      return;
    }
    callback(req, res);
  });
}

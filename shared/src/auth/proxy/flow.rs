//! The authorization code flow through the proxy: /authorize (checks the client, its
//! redirect URI and PKCE, then sends the user to the provider with our own PKCE and nonce,
//! the whole request sealed into `state`), /callback (redeems the provider's code, verifies
//! its id_token, seals the result into our code) and /token (checks client, redirect URI and
//! PKCE against the sealed code, issues our access token; refresh through the provider).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use http::{header, HeaderMap, Response, StatusCode};
use serde_json::{json, Map, Value};

use super::super::util::{canonical_resource, sha256};
use super::upstream::UpstreamError;
use super::{
    full, json_response, oauth_error, param, params, pkce_s256_matches, random_token,
    redirect_uri_matches, seal, ClientInfo, OidcProxy, ProxyBody, TokenAuth,
};
use crate::confirm::Purpose;

/// Life of the sealed authorization request (the user's sign-in at the provider).
pub const TRANSACTION_TTL_SECS: u64 = 600;
/// Life of our authorization code.
pub const CODE_TTL_SECS: u64 = 60;
/// Life of our refresh token (the provider's refresh token inside may expire sooner).
pub const REFRESH_TTL_SECS: u64 = 30 * 24 * 3600;
const MAX_STATE_LEN: usize = 2048;

/// A plain-text page for errors that cannot go back to the client (unknown client or
/// redirect URI, expired sign-in): fixed text only, so nothing can be injected.
fn page(status: StatusCode, text: &str) -> Response<ProxyBody> {
    full(status, "text/plain; charset=utf-8", format!("{text}\n"))
}

fn found(location: &str) -> Response<ProxyBody> {
    let mut resp = full(
        StatusCode::FOUND,
        "text/plain; charset=utf-8",
        String::new(),
    );
    match header::HeaderValue::from_str(location) {
        Ok(v) => {
            resp.headers_mut().insert(header::LOCATION, v);
            resp
        }
        Err(_) => page(StatusCode::BAD_REQUEST, "The redirect URI is not usable."),
    }
}

/// `uri` with `pairs` added to its query (properly encoded).
fn with_query(uri: &str, pairs: &[(&str, &str)]) -> Option<String> {
    let mut url = url::Url::parse(uri).ok()?;
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    Some(url.into())
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn text<'a>(m: &'a Map<String, Value>, k: &str) -> &'a str {
    m.get(k).and_then(Value::as_str).unwrap_or("")
}

/// The payload of a JWT already verified by the caller.
fn jwt_payload(token: &str) -> Option<Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fn same_bytes(a: &str, b: &str) -> bool {
    // Compare digests so the time taken does not reveal a common prefix.
    super::super::util::digests_equal(&sha256(a.as_bytes()), &sha256(b.as_bytes()))
}

/// The authorization request as sealed into the provider's `state`.
struct Transaction<'a> {
    client: &'a ClientInfo,
    redirect_uri: &'a str,
    redirect_given: bool,
    challenge: &'a str,
    state: Option<&'a str>,
    scopes: Vec<String>,
}

impl OidcProxy {
    /// Scopes to ask the provider for: the requested ones this server knows (others are
    /// ignored, RFC 6749 §3.3), or the minimum (read + required) when none is left.
    fn requested_scopes(&self, scope: Option<&str>) -> Vec<String> {
        let known = strings(self.metadata().get("scopes_supported"));
        let mut out: Vec<String> = Vec::new();
        for s in scope.unwrap_or("").split_whitespace() {
            if known.iter().any(|k| k == s) && !out.iter().any(|x| x == s) {
                out.push(s.to_string());
            }
        }
        if out.is_empty() {
            out.push(self.policy.read_scope.clone());
            for s in &self.policy.required_scopes {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
        }
        out
    }

    fn back_to_client(
        &self,
        redirect_uri: &str,
        state: Option<&str>,
        result: &[(&str, &str)],
    ) -> Response<ProxyBody> {
        let mut pairs: Vec<(&str, &str)> = result.to_vec();
        if let Some(s) = state {
            pairs.push(("state", s));
        }
        pairs.push(("iss", self.issuer()));
        match with_query(redirect_uri, &pairs) {
            Some(location) => found(&location),
            None => page(StatusCode::BAD_REQUEST, "The redirect URI is not usable."),
        }
    }

    pub(super) async fn authorize(&self, query: &str) -> Response<ProxyBody> {
        let Some(p) = params(query.as_bytes()) else {
            return page(StatusCode::BAD_REQUEST, "Invalid authorization request: a parameter is repeated or the request is too large.");
        };
        let Some(client_id) = param(&p, "client_id") else {
            return page(
                StatusCode::BAD_REQUEST,
                "Invalid authorization request: client_id is required.",
            );
        };
        let client = match self.client(client_id).await {
            Ok(c) => c,
            Err(why) => {
                tracing::info!(
                    reason = why,
                    "oidc-proxy: authorization for an unusable client"
                );
                return page(StatusCode::BAD_REQUEST, "Invalid authorization request: the client is unknown or its metadata is unusable; register the client again.");
            }
        };
        let (redirect_uri, redirect_given) = match param(&p, "redirect_uri") {
            Some(u) if redirect_uri_matches(&client.redirect_uris, u) => (u, true),
            Some(_) => return page(
                StatusCode::BAD_REQUEST,
                "Invalid authorization request: redirect_uri is not registered for this client.",
            ),
            None if client.redirect_uris.len() == 1 => (client.redirect_uris[0].as_str(), false),
            None => {
                return page(
                    StatusCode::BAD_REQUEST,
                    "Invalid authorization request: redirect_uri is required.",
                )
            }
        };
        // From here on, errors go back to the client's (now trusted) redirect URI.
        let state = param(&p, "state");
        let fail = |code: &str, description: &str| {
            let state = state.filter(|s| s.len() <= MAX_STATE_LEN);
            self.back_to_client(
                redirect_uri,
                state,
                &[("error", code), ("error_description", description)],
            )
        };
        if let Err((code, description)) = self.request_problem(&p, state) {
            return fail(code, description);
        }
        let challenge = param(&p, "code_challenge").unwrap_or("");
        let tx = Transaction {
            client: &client,
            redirect_uri,
            redirect_given,
            challenge,
            state,
            scopes: self.requested_scopes(param(&p, "scope")),
        };
        match self.upstream_redirect(&tx).await {
            Some(location) => found(&location),
            None => fail(
                "temporarily_unavailable",
                "the identity provider is unavailable",
            ),
        }
    }

    /// What is wrong with an authorization request whose client and redirect URI are
    /// valid, as an OAuth error code and description for the client.
    fn request_problem(
        &self,
        p: &[(String, String)],
        state: Option<&str>,
    ) -> Result<(), (&'static str, &'static str)> {
        if state.is_some_and(|s| s.len() > MAX_STATE_LEN) {
            return Err(("invalid_request", "state is too long"));
        }
        if param(p, "response_type") != Some("code") {
            return Err(("unsupported_response_type", "response_type must be code"));
        }
        let challenge = param(p, "code_challenge").unwrap_or("");
        let challenge_ok = challenge.len() == 43
            && challenge
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if param(p, "code_challenge_method") != Some("S256") || !challenge_ok {
            return Err((
                "invalid_request",
                "PKCE is required: code_challenge with code_challenge_method S256",
            ));
        }
        let resource = param(p, "resource");
        if resource.is_some_and(|r| canonical_resource(r).as_deref() != Some(&self.resource())) {
            return Err((
                "invalid_target",
                "resource must be this server's MCP endpoint",
            ));
        }
        Ok(())
    }

    /// The provider's authorization URL for `tx`, with our own PKCE and nonce.
    async fn upstream_redirect(&self, tx: &Transaction<'_>) -> Option<String> {
        let up = self.upstream().await.ok()?;
        let verifier = random_token();
        let nonce = random_token();
        let mut sealed = Map::new();
        sealed.insert("c".into(), json!(tx.client.client_id));
        sealed.insert("ru".into(), json!(tx.redirect_uri));
        sealed.insert("rg".into(), json!(tx.redirect_given));
        sealed.insert("cc".into(), json!(tx.challenge));
        sealed.insert("st".into(), json!(tx.state));
        sealed.insert("sc".into(), json!(tx.scopes));
        sealed.insert("v".into(), json!(verifier));
        sealed.insert("n".into(), json!(nonce));
        let exp = self.now() + TRANSACTION_TTL_SECS;
        let state = seal::seal(&self.ring(), Purpose::ProxyTransaction, &sealed, Some(exp));
        let scope = std::iter::once("openid")
            .chain(tx.scopes.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        let challenge = URL_SAFE_NO_PAD.encode(sha256(verifier.as_bytes()));
        let callback = self.endpoint("/callback");
        with_query(
            &up.authorization_endpoint,
            &[
                ("response_type", "code"),
                ("client_id", &self.settings.client_id),
                ("redirect_uri", &callback),
                ("scope", &scope),
                ("state", &state),
                ("nonce", &nonce),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
            ],
        )
    }

    pub(super) async fn callback(&self, query: &str) -> Response<ProxyBody> {
        const EXPIRED: &str =
            "This sign-in expired or is invalid. Start again from your MCP client.";
        let Some(p) = params(query.as_bytes()) else {
            return page(StatusCode::BAD_REQUEST, EXPIRED);
        };
        let Some(tx) = param(&p, "state")
            .and_then(|s| seal::open(&self.ring(), Purpose::ProxyTransaction, s, self.now()).ok())
        else {
            return page(StatusCode::BAD_REQUEST, EXPIRED);
        };
        let redirect_uri = text(&tx, "ru");
        let state = tx.get("st").and_then(Value::as_str);
        let fail = |code: &str, description: &str| {
            self.back_to_client(
                redirect_uri,
                state,
                &[("error", code), ("error_description", description)],
            )
        };
        if let Some(error) = param(&p, "error") {
            // Pass on the standard codes only, never the provider's text.
            let code = match error {
                "access_denied"
                | "invalid_scope"
                | "temporarily_unavailable"
                | "login_required"
                | "consent_required"
                | "interaction_required" => error,
                _ => "server_error",
            };
            return fail(code, "the identity provider did not complete the sign-in");
        }
        let Some(code) = param(&p, "code") else {
            return fail("server_error", "the identity provider returned no code");
        };
        match self.redeem_upstream(&tx, code).await {
            Ok(ours) => self.back_to_client(redirect_uri, state, &[("code", &ours)]),
            Err((code, description)) => fail(code, description),
        }
    }

    /// Redeems the provider's code, verifies its id_token (signature, issuer, audience,
    /// expiry, our nonce) and seals the outcome into our code.
    async fn redeem_upstream(
        &self,
        tx: &Map<String, Value>,
        code: &str,
    ) -> Result<String, (&'static str, &'static str)> {
        let callback = self.endpoint("/callback");
        let answer = self
            .upstream_token(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &callback),
                ("code_verifier", text(tx, "v")),
            ])
            .await
            .map_err(|e| match e {
                UpstreamError::Refused => (
                    "access_denied",
                    "the identity provider did not confirm the sign-in",
                ),
                UpstreamError::Unavailable => (
                    "temporarily_unavailable",
                    "the identity provider is unavailable",
                ),
            })?;
        const BAD_ID: (&str, &str) = (
            "server_error",
            "the identity provider's id_token did not verify",
        );
        let id_token = answer
            .get("id_token")
            .and_then(Value::as_str)
            .ok_or(BAD_ID)?;
        if let Err(e) = self.idp.verify(id_token, None).await {
            tracing::warn!(problem = ?e, "oidc-proxy: the provider's id_token was refused");
            return Err(BAD_ID);
        }
        let claims = jwt_payload(id_token).ok_or(BAD_ID)?;
        if !same_bytes(text(&claims, "nonce"), text(tx, "n")) || text(&claims, "sub").is_empty() {
            return Err(BAD_ID);
        }
        let requested = strings(tx.get("sc"));
        let now = self.now();
        let expires_in = answer
            .get("expires_in")
            .and_then(Value::as_u64)
            .unwrap_or(3600);
        let mut ours = Map::new();
        ours.insert("c".into(), json!(text(tx, "c")));
        ours.insert("ru".into(), json!(text(tx, "ru")));
        ours.insert("rg".into(), tx.get("rg").cloned().unwrap_or(json!(true)));
        ours.insert("cc".into(), json!(text(tx, "cc")));
        ours.insert("sc".into(), json!(granted(&answer, &requested)));
        ours.insert("sub".into(), json!(text(&claims, "sub")));
        // The provider's tenant claim (a group, say) travels to our tokens, so tenant grants
        // work behind the proxy as with the provider's own tokens.
        let tenants = tenant_values(&claims, &self.policy.tenant_claim);
        if !tenants.is_empty() {
            ours.insert("tn".into(), json!(tenants));
        }
        ours.insert("ue".into(), json!(now + expires_in));
        if let Some(rt) = answer.get("refresh_token").and_then(Value::as_str) {
            ours.insert("rt".into(), json!(rt));
        }
        Ok(seal::seal(
            &self.ring(),
            Purpose::ProxyCode,
            &ours,
            Some(now + CODE_TTL_SECS),
        ))
    }

    pub(super) async fn token(&self, headers: &HeaderMap, body: &[u8]) -> Response<ProxyBody> {
        let Some(p) = params(body) else {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "a parameter is repeated or the request is too large",
            );
        };
        let client = match self.token_client(headers, &p) {
            Ok(c) => c,
            Err(description) => {
                let mut resp = oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
                resp.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Basic realm=\"token\""),
                );
                return resp;
            }
        };
        match param(&p, "grant_type") {
            Some("authorization_code") => self.code_grant(&client, &p),
            Some("refresh_token") => self.refresh_grant(&client, &p).await,
            _ => oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            ),
        }
    }

    /// The client calling /token, authenticated as it registered.
    fn token_client(
        &self,
        headers: &HeaderMap,
        p: &[(String, String)],
    ) -> Result<ClientInfo, &'static str> {
        let basic = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Basic ")
                    .or_else(|| v.strip_prefix("basic "))
            })
            .map(|b| {
                let decoded = STANDARD
                    .decode(b.trim())
                    .map_err(|_| "malformed Basic credentials")?;
                let text = String::from_utf8(decoded).map_err(|_| "malformed Basic credentials")?;
                let (id, secret) = text.split_once(':').ok_or("malformed Basic credentials")?;
                let dec = |s: &str| -> String {
                    form_urlencoded::parse(format!("x={s}").as_bytes())
                        .next()
                        .map(|(_, v)| v.into_owned())
                        .unwrap_or_default()
                };
                Ok::<_, &'static str>((dec(id), dec(secret)))
            })
            .transpose()?;
        let (client_id, secret, via_basic) = match &basic {
            Some((id, secret)) => (id.as_str(), Some(secret.as_str()), true),
            None => (
                param(p, "client_id").ok_or("client_id is required")?,
                param(p, "client_secret"),
                false,
            ),
        };
        if basic.is_some() && param(p, "client_id").is_some_and(|id| id != client_id) {
            return Err("client_id does not match the Basic credentials");
        }
        let client = if super::client_doc::is_document_client_id(client_id) {
            ClientInfo {
                client_id: client_id.to_string(),
                redirect_uris: Vec::new(),
                auth: TokenAuth::None,
            }
        } else {
            self.registered_client(client_id)
                .map_err(|_| "unknown client_id (register again)")?
        };
        let kid = client_id.split_once('.').map(|(k, _)| k);
        match (client.auth, secret) {
            (TokenAuth::None, None) => Ok(client),
            (TokenAuth::None, Some(_)) => Err("this client is public and has no secret"),
            (_, None) => Err("client authentication is required"),
            (method, Some(given)) => {
                let expected = self
                    .client_secret_for(client_id, kid)
                    .ok_or("unknown client_id (register again)")?;
                let method_ok = (method == TokenAuth::ClientSecretBasic) == via_basic;
                if method_ok && same_bytes(&expected, given) {
                    Ok(client)
                } else {
                    Err("client authentication failed")
                }
            }
        }
    }

    fn code_grant(&self, client: &ClientInfo, p: &[(String, String)]) -> Response<ProxyBody> {
        let invalid = |d: &str| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", d);
        let Some(code) = param(p, "code") else {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "code is required",
            );
        };
        let Ok(sealed) = seal::open(&self.ring(), Purpose::ProxyCode, code, self.now()) else {
            return invalid("the code is invalid or expired");
        };
        if !same_bytes(text(&sealed, "c"), &client.client_id) {
            return invalid("the code was issued to another client");
        }
        let registered = text(&sealed, "ru");
        let given_at_authorize = sealed.get("rg").and_then(Value::as_bool).unwrap_or(true);
        match param(p, "redirect_uri") {
            Some(u) if u == registered => {}
            None if !given_at_authorize => {}
            _ => return invalid("redirect_uri does not match the authorization request"),
        }
        let Some(verifier) = param(p, "code_verifier") else {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "code_verifier is required (PKCE)",
            );
        };
        if !pkce_s256_matches(verifier, text(&sealed, "cc")) {
            return invalid("PKCE verification failed");
        }
        if let Some(resource) = param(p, "resource") {
            if canonical_resource(resource).as_deref() != Some(self.resource().as_str()) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_target",
                    "resource must be this server's MCP endpoint",
                );
            }
        }
        self.issue(client, &sealed, strings(sealed.get("sc")))
    }

    /// Our token response: an access token expiring with the provider's token (at most an
    /// hour), and a refresh token when the provider gave us one to refresh with.
    fn issue(
        &self,
        client: &ClientInfo,
        grant: &Map<String, Value>,
        scopes: Vec<String>,
    ) -> Response<ProxyBody> {
        let now = self.now();
        let upstream_exp = grant.get("ue").and_then(Value::as_u64).unwrap_or(0);
        if upstream_exp <= now {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                "the sign-in at the identity provider has expired",
            );
        }
        let exp = upstream_exp.min(now + super::ACCESS_TOKEN_MAX_SECS);
        let sub = text(grant, "sub");
        let tenants = strings(grant.get("tn"));
        let mut body = json!({
            "access_token": self.mint_access(&client.client_id, sub, &scopes, &tenants, exp),
            "token_type": "Bearer",
            "expires_in": exp - now,
            "scope": scopes.join(" "),
        });
        if let Some(rt) = grant.get("rt").and_then(Value::as_str) {
            let mut refresh = Map::new();
            refresh.insert("c".into(), json!(client.client_id));
            refresh.insert("sub".into(), json!(sub));
            refresh.insert("sc".into(), json!(scopes));
            refresh.insert("rt".into(), json!(rt));
            if !tenants.is_empty() {
                refresh.insert("tn".into(), json!(tenants));
            }
            body["refresh_token"] = json!(seal::seal(
                &self.ring(),
                Purpose::ProxyRefresh,
                &refresh,
                Some(now + REFRESH_TTL_SECS)
            ));
        }
        tracing::info!(scopes = %scopes.join(" "), "oidc-proxy: access token issued");
        json_response(StatusCode::OK, body)
    }

    async fn refresh_grant(
        &self,
        client: &ClientInfo,
        p: &[(String, String)],
    ) -> Response<ProxyBody> {
        let invalid = |d: &str| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", d);
        let Some(Ok(mut sealed)) = param(p, "refresh_token")
            .map(|t| seal::open(&self.ring(), Purpose::ProxyRefresh, t, self.now()))
        else {
            return invalid("the refresh token is invalid or expired");
        };
        if !same_bytes(text(&sealed, "c"), &client.client_id) {
            return invalid("the refresh token was issued to another client");
        }
        let held = strings(sealed.get("sc"));
        let wanted: Vec<String> = match param(p, "scope") {
            None => held.clone(),
            Some(s) => s.split_whitespace().map(str::to_string).collect(),
        };
        if !wanted.iter().all(|s| held.contains(s)) {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "a refresh cannot add scopes",
            );
        }
        let answer = match self
            .upstream_token(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", text(&sealed, "rt")),
            ])
            .await
        {
            Ok(a) => a,
            Err(UpstreamError::Refused) => {
                return invalid("the identity provider refused the refresh")
            }
            Err(UpstreamError::Unavailable) => {
                return oauth_error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "temporarily_unavailable",
                    "the identity provider is unavailable",
                )
            }
        };
        let expires_in = answer
            .get("expires_in")
            .and_then(Value::as_u64)
            .unwrap_or(3600);
        sealed.insert("ue".into(), json!(self.now() + expires_in));
        if let Some(rt) = answer.get("refresh_token").and_then(Value::as_str) {
            sealed.insert("rt".into(), json!(rt));
        }
        let scopes = granted(&answer, &wanted);
        self.issue(client, &sealed, scopes)
    }
}

/// The values of the provider's tenant claim, bounded (they ride in the sealed code and
/// in every access token): at most 32 values of at most 128 bytes each.
fn tenant_values(claims: &Map<String, Value>, claim: &str) -> Vec<String> {
    super::super::jwt::claim_strings(claims.get(claim))
        .into_iter()
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .take(32)
        .collect()
}

/// What the provider granted of `requested`: its `scope` answer when present, else the
/// request (RFC 6749 §5.1: an omitted scope means the requested one).
fn granted(answer: &Map<String, Value>, requested: &[String]) -> Vec<String> {
    match answer.get("scope").and_then(Value::as_str) {
        Some(s) => {
            let given: Vec<&str> = s.split_whitespace().collect();
            requested
                .iter()
                .filter(|r| given.contains(&r.as_str()))
                .cloned()
                .collect()
        }
        None => requested.to_vec(),
    }
}

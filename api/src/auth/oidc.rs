//! Staff sign-in with the county's identity provider (OpenID Connect, README "Staff workbench"), by the
//! `openidconnect` crate: discovery from `<issuer>/.well-known/openid-configuration` (on first use, then kept), the
//! authorization code flow with PKCE (S256), `state` and `nonce`, and the ID token checked like any token — its
//! signature by the issuer's JWKS, `iss`, `aud`, `exp`, `nonce`. Role and scope come from two claims and are checked
//! by the same `Role::parse` and `Scope::parse` as a token's. RP-initiated logout when the provider offers it.

use super::actor::{Actor, Role, Scope};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreResponseType, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthenticationFlow, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, LogoutRequest,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl,
    StandardErrorResponse, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

/// Where the provider is and how wuye is known to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub role_claim: String,
    pub scope_claim: String,
}

/// The ID token's claims beyond the standard ones, by name (the role and scope claims are named by settings).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
struct OtherClaims(serde_json::Map<String, serde_json::Value>);

impl AdditionalClaims for OtherClaims {}

type TokenResponse = StandardTokenResponse<
    IdTokenFields<
        OtherClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type OidcClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What discovery found.
struct Discovered {
    client: OidcClient,
    end_session: Option<openidconnect::EndSessionUrl>,
}

/// The identity provider, discovered on first use.
pub struct Provider {
    settings: ProviderSettings,
    http: openidconnect::reqwest::Client,
    discovered: OnceCell<Discovered>,
}

/// An authorization request: where to send the browser, and what to keep until it comes back.
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Why a sign-in failed. The browser is told which (never the provider's own error text); the log has the detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInFailure {
    /// The provider could not be reached or answered nonsense.
    Unreachable,
    /// The code exchange was refused or the ID token failed a check.
    Refused,
    /// The token was fine, but it names no valid role and scope for wuye.
    NoRole,
}

impl Provider {
    pub fn new(settings: ProviderSettings) -> anyhow::Result<Self> {
        IssuerUrl::new(settings.issuer.clone())?;
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would let a provider's page send the back channel anywhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Provider { settings, http, discovered: OnceCell::new() })
    }

    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    async fn discovered(&self) -> Result<&Discovered, SignInFailure> {
        self.discovered
            .get_or_try_init(|| async {
                let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(|_| SignInFailure::Unreachable)?;
                let metadata =
                    ProviderMetadataWithLogout::discover_async(issuer, &self.http).await.map_err(|error| {
                        tracing::warn!(%error, issuer = %self.settings.issuer, "OpenID discovery failed");
                        SignInFailure::Unreachable
                    })?;
                let end_session = metadata.additional_metadata().end_session_endpoint.clone();
                let client = OidcClient::from_provider_metadata(
                    metadata,
                    ClientId::new(self.settings.client_id.clone()),
                    self.settings.client_secret.clone().map(ClientSecret::new),
                );
                Ok(Discovered { client, end_session })
            })
            .await
    }

    /// Starts a sign-in that comes back to `redirect_uri`.
    pub async fn authorize(&self, redirect_uri: &str) -> Result<Authorization, SignInFailure> {
        let discovered = self.discovered().await?;
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| SignInFailure::Refused)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = discovered
            .client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_redirect_uri(std::borrow::Cow::Owned(redirect))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a sign-in: exchanges `code` (with the PKCE verifier), checks the ID token against `nonce`, and reads
    /// the actor from its claims. Returns the actor and the ID token (the hint of a later logout).
    pub async fn finish(
        &self,
        redirect_uri: &str,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<(Actor, String), SignInFailure> {
        let discovered = self.discovered().await?;
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| SignInFailure::Refused)?;
        let response = discovered
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| SignInFailure::Unreachable)?
            .set_redirect_uri(std::borrow::Cow::Owned(redirect))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|error| {
                tracing::warn!(%error, "the provider refused the authorization code");
                SignInFailure::Refused
            })?;
        let id_token = response.extra_fields().id_token().ok_or(SignInFailure::Refused)?;
        let claims = id_token.claims(&discovered.client.id_token_verifier(), &Nonce::new(nonce.to_owned())).map_err(
            |error| {
                tracing::warn!(%error, "an ID token failed its checks");
                SignInFailure::Refused
            },
        )?;
        let others = &claims.additional_claims().0;
        let role = others.get(&self.settings.role_claim).and_then(|v| v.as_str()).and_then(Role::parse);
        let scope = role.and_then(|role| Scope::parse(role, others.get(&self.settings.scope_claim)?));
        let (Some(role), Some(scope)) = (role, scope) else { return Err(SignInFailure::NoRole) };
        let actor = Actor { subject: claims.subject().to_string(), role, scope, note: None };
        Ok((actor, id_token.to_string()))
    }

    /// Where to send the browser to end its session at the provider too, when the provider offers it.
    pub async fn logout_url(&self, id_token: &str, back_to: &str) -> Option<String> {
        let discovered = self.discovered().await.ok()?;
        let endpoint = discovered.end_session.clone()?;
        let id_token: openidconnect::IdToken<
            OtherClaims,
            CoreGenderClaim,
            CoreJweContentEncryptionAlgorithm,
            CoreJwsSigningAlgorithm,
        > = id_token.parse().ok()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_id_token_hint(&id_token)
            .set_client_id(ClientId::new(self.settings.client_id.clone()));
        if let Ok(back) = PostLogoutRedirectUrl::new(back_to.to_owned()) {
            request = request.set_post_logout_redirect_uri(back);
        }
        Some(request.http_get_url().to_string())
    }
}

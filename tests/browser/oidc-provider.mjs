// A real OpenID provider for the workbench's browser test (the npm package `oidc-provider`): one client, wuye, and
// three staff accounts whose ID tokens carry `wuye_role` and `wuye_scope` — a community, its town and the enterprise
// serving an estate of that community, chosen from the running wuye's public data — plus one account without a
// role. PKCE is required; RP-initiated logout is on. Listens on OIDC_PORT; writes the accounts as JSON to stdout.
import Provider from 'oidc-provider';

const wuye = process.env.WUYE_URL;
const port = Number(process.env.OIDC_PORT);

const response = await fetch(`${wuye}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: `{ estates(first: 100, filter: { townCode: "340621100" }, orderBy: { field: CODE }) {
      nodes { id code name town { code } community { code } activeContract { enterprise { creditCode } } } } }`,
  }),
});
const { data } = await response.json();
const estate = data.estates.nodes.find((e) => e.activeContract);
const accounts = {
  'community-staff': { wuye_role: 'community', wuye_scope: estate.community.code },
  'town-staff': { wuye_role: 'town', wuye_scope: [estate.town.code] },
  'enterprise-staff': { wuye_role: 'enterprise', wuye_scope: estate.activeContract.enterprise.creditCode },
  'no-role': {},
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'wuye',
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: [`${wuye}/staff/callback`],
    post_logout_redirect_uris: [`${wuye}/staff/signed-out`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  findAccount: async (ctx, id) => (id in accounts
    ? { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) }
    : undefined),
  claims: { openid: ['sub', 'wuye_role', 'wuye_scope'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['wuye-browser-test'] },
});
provider.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ estate, accounts }));
});

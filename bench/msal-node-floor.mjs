// One Client Credentials token from MSAL for Node.js (@azure/msal-node), as a script would get it: the msal-node row
// of bench/run.sh, which installs the package beside a copy of this file and trusts the emulator's CA through
// NODE_EXTRA_CA_CERTS. Usage: node msal-node-floor.mjs AUTHORITY CLIENT_ID CLIENT_SECRET (prints the access token)
import { ConfidentialClientApplication } from "@azure/msal-node";

const [authority, clientId, clientSecret] = process.argv.slice(2);
const app = new ConfidentialClientApplication({
  auth: {
    clientId,
    authority,
    clientSecret,
    // A host that is not Microsoft's is trusted by naming it (as for ADFS or B2C): no instance discovery.
    knownAuthorities: [new URL(authority).host],
    // For Microsoft's hosts MSAL Node has the tenant's endpoints built in and sends only the token request, as
    // entratool does; these are the same endpoints, so that here too it does not first fetch the openid-configuration.
    authorityMetadata: JSON.stringify({
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      issuer: `${authority}/v2.0`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
    }),
  },
});
const result = await app.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
process.stdout.write(result.accessToken + "\n");

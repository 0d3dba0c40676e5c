// The GraphQL over HTTP audit of graphql-http (the specification's reference implementation) against the real
// server: any warning or error fails; notices are printed.
import { auditServer } from 'graphql-http';

const results = await auditServer({ url: `${process.env.WUYE_URL}/graphql` });
const count = (status) => results.filter((r) => r.status === status).length;
for (const r of results.filter((r) => r.status !== 'ok')) {
  console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason ?? ''}`);
}
console.log(`GraphQL over HTTP audit: ${count('ok')} ok, ${count('warn')} warnings, ${count('error')} errors, ${count('notice')} notices`);
if (count('warn') || count('error')) process.exit(1);

// Compares two schemas with GraphQL Inspector's diff (@graphql-inspector/core): lists every change by criticality
// and exits 1 on a breaking one. Removing what the old schema already marked @deprecated is not breaking (the
// deprecation policy in the README); it is listed as dangerous.
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { diff, DiffRule } from '@graphql-inspector/core';

const [oldPath, newPath] = process.argv.slice(2);
const load = (path) => buildSchema(readFileSync(path, 'utf8'));
const changes = await diff(load(oldPath), load(newPath), [DiffRule.suppressRemovalOfDeprecatedField]);
const of = (level) => changes.filter((c) => c.criticality.level === level);
for (const change of of('DANGEROUS')) console.log(`dangerous: ${change.message}`);
for (const change of of('BREAKING')) console.log(`BREAKING: ${change.message}`);
console.log(`schema diff: ${of('NON_BREAKING').length} additions and safe changes, ${of('DANGEROUS').length} dangerous, ${of('BREAKING').length} breaking`);
process.exit(of('BREAKING').length ? 1 : 0);

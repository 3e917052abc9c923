#!/usr/bin/env node
// Validates a Frictionless Data Package with the reference JavaScript
// library (datapackage 1.1.10, pinned in package-lock.json): the
// descriptor against the tabular-data-package profile, then every row of
// every resource against its Table Schema (types, constraints, primary
// key uniqueness, foreign keys).
//
// usage: node validate-datapackage.js DIR/datapackage.json
// Prints one line per problem and exits 1 if there is any.
'use strict';
const { Package } = require('datapackage');

async function main(descriptor) {
  const problems = [];
  const pkg = await Package.load(descriptor, { strict: false });
  if (!pkg.valid) {
    for (const e of pkg.errors) problems.push(`datapackage.json: ${e.message}`);
  }
  let rows = 0;
  for (const res of pkg.resources) {
    if (!res.valid) {
      for (const e of res.errors) problems.push(`${res.name}: ${e.message}`);
      continue;
    }
    try {
      const table = await res.read({ relations: true, forceCast: true, keyed: false });
      for (const r of table) {
        if (r instanceof Error) {
          problems.push(`${res.name}.csv: row ${r.rowNumber || '?'}: ${r.message}` +
            (r.errors ? ' ' + r.errors.map((e) => e.message).join('; ') : ''));
        } else {
          rows++;
        }
      }
    } catch (e) {
      problems.push(`${res.name}.csv: ${e.message}` +
        (e.errors ? ' ' + e.errors.map((x) => x.message).join('; ') : ''));
    }
  }
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`valid: ${pkg.resources.length} resources, ${rows} rows`);
}

if (process.argv.length !== 3) {
  console.error('usage: validate-datapackage.js DIR/datapackage.json');
  process.exit(2);
}
main(process.argv[2]).catch((e) => {
  console.log(`cannot validate: ${e.message}`);
  process.exit(1);
});

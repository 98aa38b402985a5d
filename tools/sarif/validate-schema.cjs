// validate-schema.cjs SCHEMA FILE... : checks SARIF files against a SARIF 2.1.0 JSON schema with ajv.
// Exit 0 when every file is valid, 1 otherwise, 2 on bad usage. Any file extension is accepted (ajv-cli wants .json).
//
// The schema's own "$schema" picks the ajv dialect: the official OASIS schema is draft-04 (ajv-draft-04), the copy
// shipped in @microsoft/sarif-multitool-linux is a draft 2020-12 conversion (ajv/dist/2020). Both are pinned, so
// either can be used; validate.sh uses the shipped copy unless SARIF_SCHEMA names another file.
'use strict';
const fs = require('fs');
const addFormats = require('ajv-formats');

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error('usage: node validate-schema.cjs SCHEMA.json FILE.sarif...');
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const dialect = String(schema.$schema || '');
const Ajv = dialect.includes('draft-04') ? require('ajv-draft-04')
  : dialect.includes('2020-12') ? require('ajv/dist/2020')
  : require('ajv');
// strict: false because the SARIF schema uses keywords ajv's strict mode rejects (e.g. "deprecated" in draft-04).
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let bad = 0;
for (const file of files) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    bad++;
    console.log(`${file}: error: not readable JSON: ${e.message}`);
    continue;
  }
  if (validate(data)) {
    console.log(`${file}: valid (${dialect || 'default dialect'})`);
    continue;
  }
  bad++;
  for (const e of validate.errors) console.log(`${file}: error: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
process.exit(bad ? 1 : 0);

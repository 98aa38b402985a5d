// count-multitool.cjs VALIDATION.sarif : reads the multitool's own SARIF output and prints its errors and warnings.
// Exit 0 when there are none, 1 otherwise.
//
// The multitool's exit code is 0 even when it reports errors (sarif-sdk #1799), so its output is the gate. It is
// also silent when it cannot deserialize the input (an enum value outside the schema gives zero results and
// "Analysis completed successfully"), so zero results of any level is treated as a failure: validate.sh asks for
// notes too, and a healthy run always has some (SARIF2002 for every message given as text).
'use strict';
const fs = require('fs');
const file = process.argv[2];
const log = JSON.parse(fs.readFileSync(file, 'utf8'));
const counts = { error: 0, warning: 0, note: 0 };
for (const run of log.runs || []) {
  const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
  for (const r of run.results || []) {
    const level = r.level || 'warning';
    counts[level] = (counts[level] || 0) + 1;
    if (level !== 'error' && level !== 'warning') continue;
    const rule = rules[r.ruleIndex] || {};
    const template = (rule.messageStrings && r.message && rule.messageStrings[r.message.id]) || {};
    let text = (r.message && r.message.text) || template.text || '';
    (r.message && r.message.arguments || []).forEach((a, i) => { text = text.split(`{${i}}`).join(a); });
    const where = r.locations && r.locations[0] && r.locations[0].physicalLocation && r.locations[0].physicalLocation.region;
    console.log(`  ${level} ${r.ruleId}${where ? ` (${where.startLine},${where.startColumn})` : ''}: ${text}`);
  }
}
console.log(`multitool: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.note} note(s)`);
if (counts.error + counts.warning + counts.note === 0) {
  console.log('multitool: no results at all: the file was probably not deserialized (see the schema check)');
  process.exit(1);
}
process.exit(counts.error + counts.warning > 0 ? 1 : 0);

// plant-fakes.cjs DIR : writes a small project with fake, well-formed credentials, made fresh at every run so that
// no real-looking key is ever committed. Prints the planted secrets, one per line, for the caller's leak check.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const random = (alphabet, n) => Array.from(crypto.randomBytes(n), b => alphabet[b % alphabet.length]).join('');

// CRC-32 (IEEE), for the checksum GitHub tokens carry in their last 6 base62 characters.
const table = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = s => {
  let c = 0xFFFFFFFF;
  for (const ch of Buffer.from(s, 'ascii')) c = table[(c ^ ch) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
};
const base62 = (n, width) => {
  let s = '';
  do { s = BASE62[n % 62] + s; n = Math.floor(n / 62); } while (n > 0);
  return s.padStart(width, '0');
};

const githubPat = () => { const body = random(BASE62, 30); return `ghp_${body}${base62(crc32(body), 6)}`; };
const awsKeyId = () => 'AKIA' + random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
const urlSafe = BASE62 + '_-';
const openAiProject = () => `sk-proj-${random(urlSafe, 74)}T3BlbkFJ${random(urlSafe, 74)}`;

const dir = process.argv[2];
if (!dir) { console.error('usage: node plant-fakes.cjs DIR'); process.exit(2); }
const secrets = { pat: githubPat(), aws: awsKeyId(), openai: openAiProject() };
const files = {
  'src/app.py': `import os\n\n\tTOKEN = "${secrets.pat}"\n`,
  'config/prod settings.env': `# production\nAWS_ACCESS_KEY_ID=${secrets.aws}\nREGION=eu-west-1\n`,
  'services/ai/client.ts': `export const client = new OpenAI({\n  apiKey: "${secrets.openai}",\n});\n`,
  'README.md': '# demo\nNothing secret here.\n',
};
for (const [rel, text] of Object.entries(files)) {
  const full = path.join(dir, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}
for (const s of Object.values(secrets)) console.log(s);

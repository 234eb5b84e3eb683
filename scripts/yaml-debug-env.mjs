// An esbuild plugin for the bundles (scripts/build.mjs, bench/lib.mjs): yaml's parser reads
// process.env.LOG_TOKENS once per token and its composer process.env.LOG_STREAM once per
// document, to print debugging output. process.env is not a plain object in Node: every read
// is a call into C++ that looks the variable up in the environment, and at a million tokens
// (10k tree nodes) that was about 15% of parsing. In the bundle both reads are false.
import { readFileSync } from 'node:fs';

const READS = [
  [/[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/, /\bnode_process\.env\.LOG_TOKENS\b/],
  [/[\\/]yaml[\\/]dist[\\/]compose[\\/]composer\.js$/, /\bnode_process\.env\.LOG_STREAM\b/],
];

export const yamlDebugEnv = {
  name: 'yaml-debug-env',
  setup(b) {
    for (const [file, read] of READS) {
      b.onLoad({ filter: file }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!read.test(text)) throw new Error(`yaml-debug-env: ${read} not found in ${args.path}; yaml changed, update scripts/yaml-debug-env.mjs`);
        return { contents: text.replace(read, 'false'), loader: 'js' };
      });
    }
  },
};

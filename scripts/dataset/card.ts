/**
 * The dataset card (README.md): a YAML header in the form the Hugging Face hub and `datasets` read
 * (`configs` with their data files, `dataset_info` with each config's features and split sizes),
 * then what a person needs: what is in it, consent and licence, redaction, counts, and how
 * duplicates and deletion requests were applied.
 */
import { writeFileSync } from 'node:fs';
import { type Columns, hfFeatures } from './columns';

export interface DatasetCard {
  license: string;
  counts: {
    bundles: number;
    sessions: number;
    contributors: number;
    trajectories: number;
    steps: number;
    duplicates: number;
    deleted: number;
    deletionRequests: number;
    invalidBundles: number;
  };
  consentVersions: Record<string, number>;
  redactions: Record<string, number>;
  notCovered: string[];
  configs: Record<'steps' | 'trajectories', { columns: Columns; rows: number; bytes: number }>;
}

export function cardText(c: DatasetCard): string {
  const info = Object.entries(c.configs)
    .map(
      ([name, cfg]) => `- config_name: ${name}
  features:
${hfFeatures(cfg.columns, '  ')}
  splits:
  - name: train
    num_examples: ${cfg.rows}
  download_size: ${cfg.bytes}`,
    )
    .join('\n');
  const header = `---
license: ${c.license}
pretty_name: "Consent-first web work trajectories"
task_categories:
- other
tags:
- computer-use
- web-agents
- trajectories
configs:
- config_name: steps
  default: true
  data_files:
  - split: train
    path: steps/train-*
- config_name: trajectories
  data_files:
  - split: train
    path: trajectories/train-*
dataset_info:
${info}
---
`;
  const n = c.counts;
  const table = (rec: Record<string, number>) =>
    Object.keys(rec).length === 0
      ? '(none)\n'
      : `| | |\n| --- | --- |\n${Object.entries(rec)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `| ${k} | ${v} |`)
          .join('\n')}\n`;
  return `${header}
# Consent-first web work trajectories

Recordings of people doing real work in web apps, made with the consent-first work recorder
(a Chrome extension), segmented into task trajectories of steps (action, target element, page
observation). Built by \`npm run dataset -- build\` from ${n.bundles} exported bundles.

| config | one row per | rows |
| --- | --- | --- |
| \`steps\` (default) | step, with its trajectory and session ids | ${n.steps} |
| \`trajectories\` | trajectory, with its session's provenance | ${n.trajectories} |

${n.sessions} sessions from ${n.contributors} contributors.

\`\`\`python
from datasets import load_dataset
steps = load_dataset("parquet", data_files={"train": "steps/train-*.parquet"})["train"]
# or, on the hub or from this folder: load_dataset(PATH, "trajectories")
\`\`\`

## Consent and licence

Licence: \`${c.license}\`. Every session was recorded by a contributor who accepted the recorder's
consent text, only on sites they enabled, and was reviewed and approved by a person before it was
exported. Contributor ids are random pseudonyms. Sessions by the version of the consent text accepted:

${table(c.consentVersions)}
## Redaction

Personal data and secrets were replaced in the browser, before storage, by typed placeholders
(\`[EMAIL:k3F9a2]\`). Placeholders by type:

${table(c.redactions)}
Not covered by the redactor: ${c.notCovered.length ? c.notCovered.join('; ') : 'nothing listed'}.

## Duplicates and deletions

- Sessions are unique by session id: where several bundles held one, the copy from the latest
  export was kept (${n.duplicates} ${n.duplicates === 1 ? 'copy' : 'copies'} dropped).
- ${n.deletionRequests} deletion request(s) applied: ${n.deleted} session(s) removed. Each removal is a line of
  \`removals.jsonl\` (session, bundle, contributor, request).
- Bundles that failed validation (manifest, checksums, schema) were left out: ${n.invalidBundles}.

## Fields

Nested fields keep the names of the trajectory JSON Schema (\`consent-recorder trajectory v1\`);
times are UTC timestamps. \`steps.action\` and \`trajectories.refinements\` are JSON text (their
shape depends on the action type); \`steps.target.attributes\` is a list of name/value pairs.
`;
}

export function writeCard(file: string, c: DatasetCard): void {
  writeFileSync(file, cardText(c));
}

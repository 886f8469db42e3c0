import type { SchemaCheckResult } from './check';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * The check as a person reads it: one line per finding, grouped, then one summary line.
 * Markers: FAIL fails the check, warn and hint are for the reviewer, ok/accepted pass.
 */
export function formatReport(result: SchemaCheckResult): string {
  const lines: string[] = [];
  const { composition, changes, operations } = result;

  lines.push('Composition');
  for (const error of composition.errors) lines.push(`  FAIL      ${error}`);
  for (const hint of composition.hints) lines.push(`  hint      ${hint}`);
  if (composition.ok) lines.push('  ok        the subgraphs compose');

  lines.push('Breaking changes');
  if (!changes) lines.push('  skipped   (composition failed)');
  else {
    for (const c of changes.breaking) lines.push(`  FAIL      ${c.type} ${c.path}: ${c.message}`);
    for (const c of changes.accepted) {
      lines.push(`  accepted  ${c.type} ${c.path}: ${c.message} (reason: ${c.reason})`);
    }
    for (const a of changes.unused) {
      lines.push(`  note      accepted ${a.type} ${a.path} matches no change; remove it`);
    }
    if (changes.breaking.length + changes.accepted.length === 0) lines.push('  ok        none');
  }

  lines.push('Dangerous changes');
  if (!changes) lines.push('  skipped   (composition failed)');
  else {
    for (const c of changes.dangerous) lines.push(`  warn      ${c.type} ${c.path}: ${c.message}`);
    if (changes.dangerous.length === 0) lines.push('  ok        none');
  }

  if (changes && changes.safe.length > 0) {
    lines.push('Safe changes');
    for (const c of changes.safe) lines.push(`  ok        ${c.type} ${c.path}: ${c.message}`);
  }

  lines.push('Operations');
  if (!operations) lines.push('  skipped   (composition failed)');
  else {
    for (const o of operations.broken) {
      lines.push(`  FAIL      ${o.file}${o.operation ? ` ${o.operation}` : ''}: ${o.message}`);
    }
    if (operations.broken.length === 0) {
      lines.push(`  ok        ${plural(operations.checked, 'operation')} valid`);
    }
  }

  lines.push('', summary(result));
  return lines.join('\n');
}

function summary({ ok, composition, changes, operations }: SchemaCheckResult): string {
  if (!composition.ok) {
    return `schema:check FAILED: ${plural(composition.errors.length, 'composition error')}`;
  }
  const failures = [
    changes?.breaking.length ? plural(changes.breaking.length, 'breaking change') : '',
    operations?.broken.length ? plural(operations.broken.length, 'broken operation') : '',
  ].filter(Boolean);
  const counts = [
    plural(changes?.accepted.length ?? 0, 'accepted breaking change'),
    plural(changes?.dangerous.length ?? 0, 'dangerous change'),
    plural(changes?.safe.length ?? 0, 'safe change'),
    `${plural(operations?.checked ?? 0, 'operation')} checked`,
  ].join(', ');
  return ok
    ? `schema:check passed: ${counts}`
    : `schema:check FAILED: ${failures.join(', ')} (${counts})`;
}

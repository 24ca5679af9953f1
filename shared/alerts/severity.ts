// An alert's `severity` label → flowsight's three levels. Label values differ by team and rule pack
// (kube-prometheus uses critical/warning/info/none; others page/error/high/low), so matching is by word.
import type { Severity } from '../model';

const DANGER = new Set(['critical', 'crit', 'page', 'error', 'high', 'emergency', 'alert', 'fatal', 'p1', 'sev1', 'disaster']);
const WARNING = new Set(['warning', 'warn', 'medium', 'major', 'minor', 'ticket', 'p2', 'p3', 'sev2', 'sev3', 'average']);
const INFO = new Set(['info', 'informational', 'none', 'low', 'notice', 'debug', 'p4', 'p5', 'sev4', 'sev5']);

/** Unknown or absent severities read as `warning`: a firing alert is never quieter than a hint. */
export function severityOf(label: string | undefined): Severity {
  const word = (label ?? '').trim().toLowerCase();
  if (DANGER.has(word)) return 'danger';
  if (INFO.has(word)) return 'info';
  if (WARNING.has(word)) return 'warning';
  return 'warning';
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, danger: 3 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function worstSeverity(a: Severity | null, b: Severity): Severity {
  return a === null || RANK[b] > RANK[a] ? b : a;
}

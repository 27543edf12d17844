/** Public shapes of the redaction contract and the internal span shape every detector emits. */

export interface FieldContext {
  tag?: string;
  type?: string;
  name?: string;
  id?: string;
  autocomplete?: string;
  label?: string;
  placeholder?: string;
  ariaLabel?: string;
}

export type { AdminRules } from '../../shared/redaction-rules';

export interface RedactionReport {
  counts: Record<string, number>;
  dropped: number;
  notCovered: string[];
}

export interface Redactor {
  text(s: string): string;
  url(s: string): string;
  srcset(s: string): string;
  field(value: string, ctx: FieldContext): string;
  group(values: string[], ctx?: FieldContext): string[];
  report(): RedactionReport;
}

/** A detected entity: [start, end) in the scanned string; `norm` feeds the pseudonym. */
export interface Span {
  start: number;
  end: number;
  type: string;
  norm?: string | undefined;
  /** Report key when it differs from the placeholder type (admin rules keep their own name). */
  label?: string | undefined;
}

/** Detectors push into a shared array instead of returning arrays, to avoid per-call garbage. */
export type Sink = Span[];

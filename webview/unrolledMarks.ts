// How a node of the unrolled network (unrolled.ts) shows that the step reads it, writes its value,
// or writes its gradient (gradient colour, dashed, and δ before its label: h₃ → δh₃) — and, in
// practice mode, that the value written is the learner's to compute (`asked`: a "?" after the label).

export type Mark = 'read' | 'write' | 'grad-write' | 'asked';
const MARKS: readonly Mark[] = ['read', 'write', 'grad-write', 'asked'];

/** Gradients are the trace's d-names: δh, δa, δc, δy, δh₀, ∂L/∂θ (trace.ts SERIES). */
export function isGradient(name: string): boolean {
  return name.startsWith('d');
}

/** Sets an element's marks; a node written as a gradient reads "δ" before its label. */
export function setMarks(e: Element, marks: ReadonlySet<Mark>): void {
  for (const cls of MARKS) if (e.classList.contains(cls) !== marks.has(cls)) e.classList.toggle(cls, marks.has(cls));
  const label = e instanceof SVGGElement ? e.querySelector('text') : null;
  const base = label ? (e as SVGGElement).dataset.label : undefined;
  if (!label || base === undefined) return;
  const want = `${marks.has('grad-write') ? `δ${base}` : base}${marks.has('asked') ? '?' : ''}`;
  if (label.textContent !== want) label.textContent = want;
}

/**
 * An attacker for the disclosure tests, written independently of src/publish: it reads every
 * published file of a job's output folder, turns every count and share it finds into linear
 * equations over the true atoms (exits: office × user group × year × work/not work; time to work:
 * office × event/no event), and asks which small counts those equations determine.
 *
 * Determinacy: a functional f (coefficients over atoms) is known exactly iff f lies in the row
 * space of the equations' coefficient matrix A, i.e. rank([A; f]) = rank(A). Computed by reducing
 * f against the reduced row echelon form of A (doubles, partial pivoting, tolerance 1e-7 relative
 * to the row scale). Shares enter as homogeneous equations num − s·den = 0 — exact when the share
 * is printed at full precision; for rounded shares (figure labels) the attacker is given the true
 * share, which is more than the file tells.
 */
export class LinearKnowledge {
  private rows: Float64Array[] = [];
  private rref: Float64Array[] | null = null;
  private piv: number[] = [];
  constructor(readonly nAtoms: number) {}

  add(coef: Map<number, number>): void {
    const r = new Float64Array(this.nAtoms);
    for (const [a, c] of coef) r[a] += c;
    this.rows.push(r);
    this.rref = null;
  }

  private reduce(): void {
    const A = this.rows.map((r) => Float64Array.from(r));
    const piv: number[] = [];
    let r = 0;
    for (let c = 0; c < this.nAtoms && r < A.length; c++) {
      let p = -1;
      let best = 1e-9;
      for (let q = r; q < A.length; q++) if (Math.abs(A[q][c]) > best) { best = Math.abs(A[q][c]); p = q; }
      if (p < 0) continue;
      [A[r], A[p]] = [A[p], A[r]];
      const d = A[r][c];
      for (let s = 0; s < this.nAtoms; s++) A[r][s] /= d;
      for (let q = 0; q < A.length; q++) {
        if (q !== r && Math.abs(A[q][c]) > 1e-12) {
          const f = A[q][c];
          for (let s = 0; s < this.nAtoms; s++) A[q][s] -= f * A[r][s];
        }
      }
      piv.push(c);
      r++;
    }
    this.rref = A.slice(0, r);
    this.piv = piv;
  }

  /** Is Σ coef·x determined by what was published? */
  determines(coef: Map<number, number>): boolean {
    if (!this.rref) this.reduce();
    const f = new Float64Array(this.nAtoms);
    for (const [a, c] of coef) f[a] += c;
    this.piv.forEach((c, i) => {
      const m = f[c];
      if (m !== 0) for (let s = 0; s < this.nAtoms; s++) f[s] -= m * this.rref![i][s];
    });
    return f.every((v) => Math.abs(v) < 1e-7);
  }
}

/** Minimal RFC 4180 CSV reader (the published tables quote fields with commas). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') q = false;
      else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, j) => [h, r[j] ?? ""])));
}

/** Every aria-label and every <text> content of an SVG (or of the SVGs inlined in a page). */
export function svgTexts(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/aria-label="([^"]*)"/g)) out.push(m[1]);
  for (const m of svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(m[1]);
  for (const m of svg.matchAll(/<title>([^<]*)<\/title>/g)) out.push(m[1]);
  return out;
}

/** Parse "key: value; key: value" as Vega writes mark aria-labels. */
export function ariaFields(label: string): Record<string, string> {
  const o: Record<string, string> = {};
  for (const part of label.split("; ")) {
    const i = part.indexOf(": ");
    if (i > 0) o[part.slice(0, i)] = part.slice(i + 2);
  }
  return o;
}

/** PNG chunk types (to check that no text chunk carries data). */
export function pngChunkTypes(buf: Buffer): string[] {
  const out: string[] = [];
  let p = 8;
  while (p + 8 <= buf.length) {
    const len = buf.readUInt32BE(p);
    out.push(buf.toString("latin1", p + 4, p + 8));
    p += 12 + len;
  }
  return out;
}

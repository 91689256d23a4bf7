/**
 * LIKE/UNLIKE values are Java regexes that must match the WHOLE attribute value. Node affinity
 * has no regexes, only value lists (In/NotIn); so a regex is converted when it matches a small,
 * finite set of strings, which we list: literals, alternatives (`a|b`, `^(a|b)$`), escaped
 * characters (`\.`), small classes (`rack-[1-3]`, `\d`) and bounded repeats (`?`, `{2}`).
 * Anything open-ended (`.*`, `+`, negated classes, flags) is not convertible.
 */

export interface FiniteRegex {
  /** Every string the regex fully matches, in the order written. */
  values: string[];
  /** The regex used a bare `.` (any character), listed as a literal dot: a hostname written unescaped. */
  bareDot: boolean;
}

/** More values than this and the regex is left for a human (a long In list helps nobody). */
export const MAX_VALUES = 32;

class NotFinite extends Error {}

export function expandFiniteRegex(source: string, limit = MAX_VALUES): FiniteRegex | undefined {
  const parser = new Parser(source, limit);
  try {
    const values = parser.alternation();
    if (parser.pos !== source.length) return undefined; // an unbalanced ')'
    return { values, bareDot: parser.bareDot };
  } catch (e) {
    if (e instanceof NotFinite) return undefined;
    throw e;
  }
}

const DIGITS = [...'0123456789'];

class Parser {
  pos = 0;
  bareDot = false;

  constructor(private readonly src: string, private readonly limit: number) {}

  alternation(): string[] {
    let values = this.sequence();
    while (this.src[this.pos] === '|') {
      this.pos++;
      values = this.capped(unique([...values, ...this.sequence()]));
    }
    return values;
  }

  private sequence(): string[] {
    let values = [''];
    const start = this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const c = this.src[this.pos]!;
      // Anchors change nothing for a whole-value match, where they can only stand at the ends.
      if (c === '^' && this.pos === start) { this.pos++; continue; }
      if (c === '$' && this.atSequenceEnd(this.pos + 1)) { this.pos++; continue; }
      const atom = this.quantified(this.atom());
      values = this.capped(unique(values.flatMap((prefix) => atom.map((suffix) => prefix + suffix))));
    }
    return values;
  }

  private atSequenceEnd(at: number): boolean {
    return at >= this.src.length || this.src[at] === '|' || this.src[at] === ')';
  }

  private atom(): string[] {
    const c = this.src[this.pos++]!;
    switch (c) {
      case '(': {
        if (this.src.startsWith('?:', this.pos)) this.pos += 2;
        else if (this.src[this.pos] === '?') throw new NotFinite(); // flags, lookarounds
        const inner = this.alternation();
        if (this.src[this.pos++] !== ')') throw new NotFinite();
        return inner;
      }
      case '[':
        return this.characterClass();
      case '\\':
        return this.escaped();
      case '.':
        this.bareDot = true;
        return ['.'];
      case '*': case '+': case '?': case '{': case '}': case ']': case '^': case '$':
        throw new NotFinite();
      default:
        return [c];
    }
  }

  private escaped(): string[] {
    const e = this.src[this.pos++];
    if (e === undefined) throw new NotFinite();
    if (e === 'd') return DIGITS;
    // \w, \s, \b, \Q… classes and assertions: letters and digits escape into something special.
    if (/[A-Za-z0-9]/.test(e)) throw new NotFinite();
    return [e];
  }

  private characterClass(): string[] {
    if (this.src[this.pos] === '^') throw new NotFinite();
    const chars: string[] = [];
    while (this.src[this.pos] !== ']') {
      if (this.pos >= this.src.length) throw new NotFinite();
      const first = this.classChar();
      if (first.length === 1 && this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']') {
        this.pos++;
        const last = this.classChar();
        if (last.length !== 1) throw new NotFinite();
        const [from, to] = [first[0]!.codePointAt(0)!, last[0]!.codePointAt(0)!];
        if (to < from || to - from >= this.limit) throw new NotFinite();
        for (let cp = from; cp <= to; cp++) chars.push(String.fromCodePoint(cp));
      } else {
        chars.push(...first);
      }
      this.capped(chars);
    }
    this.pos++;
    return unique(chars);
  }

  private classChar(): string[] {
    const c = this.src[this.pos++]!;
    if (c === '[') throw new NotFinite(); // nested classes, unions
    return c === '\\' ? this.escaped() : [c];
  }

  /** `?`, `{n}` and `{n,m}` repeat a finite atom finitely; `*`, `+` and `{n,}` do not. */
  private quantified(atom: string[]): string[] {
    const q = this.src[this.pos];
    let min = 1;
    let max = 1;
    if (q === '?') {
      this.pos++;
      min = 0;
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d+))?\}/.exec(this.src.slice(this.pos));
      if (!m) throw new NotFinite();
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : Number(m[3]);
      if (max < min) throw new NotFinite();
    } else if (q === '*' || q === '+') {
      throw new NotFinite();
    } else {
      return atom;
    }
    if (/^[?+*{]/.test(this.src.slice(this.pos))) throw new NotFinite(); // lazy/possessive or stacked
    let out: string[] = [];
    let power = [''];
    for (let n = 0; n <= max; n++) {
      if (n >= min) out = this.capped(unique([...out, ...power]));
      if (n === max) break;
      power = this.capped(unique(power.flatMap((p) => atom.map((a) => p + a))));
    }
    return out;
  }

  private capped(values: string[]): string[] {
    if (values.length > this.limit) throw new NotFinite();
    return values;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * The one comparison an index field with array expansion (`tags[*]`, `items[*].name`) serves:
 * `value IN doc.tags`, `value IN doc.tags[*]`, `value IN doc.items[*].name`
 * (SortedIndexAttributeMatcher::accessFitsIndex, the IN with the attribute on the right). The
 * index looks the value up as one element. Nothing else uses such a field: not `==`, not ranges,
 * not `doc.tags IN list`, not the array operators (`ANY ==`, `ANY IN`), which the persistent
 * index leaves to the FILTER (its supportsFilterCondition passes no array operations).
 */
import type { Expr } from './ast.js';
import type { ConstantOf } from './index-choice.js';
import { refersTo } from './primary-choice.js';

interface Step {
  name: string;
  expand: boolean;
}

/** An index field as attribute steps: `items[*].name` is items (expanded), name. */
function fieldSteps(field: string): Step[] {
  const at = field.indexOf('[*]');
  if (at < 0) return field.split('.').map((name) => ({ name, expand: false }));
  const head = field.slice(0, at).split('.').map((name) => ({ name, expand: false }));
  (head[head.length - 1] as Step).expand = true;
  const rest = field.slice(at + 4);
  return rest === '' ? head : [...head, ...rest.split('.').map((name) => ({ name, expand: false }))];
}

/**
 * AstNode::isAttributeAccessForVariable: `v.a.b` as steps, and `v.a[*].b` with the expanded step
 * marked, when it reads the loop variable (a plain `[*]`: no inline FILTER, LIMIT or RETURN).
 */
function accessSteps(e: Expr, variable: string): Step[] | undefined {
  const out: Step[] = [];
  let cur = e;
  if (cur.kind === 'expand') {
    if (cur.levels !== 1 || cur.filter || cur.limit || cur.ret) return undefined;
    const inner: Step[] = [];
    let p: Expr | undefined = cur.projection;
    while (p && p.kind === 'attr') {
      inner.unshift({ name: p.name, expand: false });
      p = p.object;
    }
    if (p && !(p.kind === 'ref' && p.name === cur.variable)) return undefined;
    const head = accessSteps(cur.object, variable);
    if (!head || head.length === 0 || head.some((s) => s.expand)) return undefined;
    (head[head.length - 1] as Step).expand = true;
    return [...head, ...inner];
  }
  while (cur.kind === 'attr') {
    out.unshift({ name: cur.name, expand: false });
    cur = cur.object;
  }
  return out.length > 0 && cur.kind === 'ref' && cur.name === variable ? out : undefined;
}

/** AttributeName::isIdentical with the last step's expansion ignored. */
function identical(a: readonly Step[], b: readonly Step[]): boolean {
  return a.length === b.length && a.every((s, i) => s.name === (b[i] as Step).name && (i === a.length - 1 || s.expand === (b[i] as Step).expand));
}

/**
 * The position of the index field that `node` (`value IN doc.attr…`) looks up by element, or
 * undefined. A sparse index needs a constant value (Index::canUseConditionPart; it holds the
 * nulls inside arrays, so null is fine); any index needs a value that does not read the loop
 * variable.
 */
export function expandedFieldFor(
  idx: { fields: readonly string[]; sparse: boolean }, node: Extract<Expr, { kind: 'binary' }>, variable: string, constantOf: ConstantOf,
): number | undefined {
  if (node.op !== 'IN' || (node.right.kind !== 'attr' && node.right.kind !== 'expand')) return undefined;
  if (refersTo(node.left, variable)) return undefined;
  if (idx.sparse && !constantOf(node.left)) return undefined;
  const steps = accessSteps(node.right, variable);
  if (!steps) return undefined;
  const fields = idx.fields.map(fieldSteps);
  // Index::isAttributeExpanded: the first field of the same names decides
  const named = fields.find((f) => f.length === steps.length && f.every((s, i) => s.name === (steps[i] as Step).name));
  if (!named?.some((s) => s.expand)) return undefined;
  const i = fields.findIndex((f) => f.some((s) => s.expand) && identical(f, steps));
  return i < 0 ? undefined : i;
}

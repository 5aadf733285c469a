"use client";

// The condition builder: "all of / any of" groups of rules (value, operator, compare-to), with
// nested groups, for E1's conditionGroupSchema. Sides are text fields, so {{ references }} from
// the mapping picker go into them like into any other field.
import { conditionOps, isConditionGroup, type ConditionGroup, type ConditionRule } from "@/lib/nodes/condition";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import type { FieldErrors } from "./config-forms/types";

type Props = {
  label: string;
  value: unknown;
  onChange: (v: ConditionGroup) => void;
  path: string;
  errors: FieldErrors;
};

const needsRight = new Set<string>(conditionOps.filter((o) => o.needsRight).map((o) => o.op));
const small =
  "rounded px-1.5 py-0.5 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600";

function asGroup(v: unknown): ConditionGroup {
  if (v && typeof v === "object" && "combinator" in v && "rules" in v && Array.isArray((v as ConditionGroup).rules))
    return v as ConditionGroup;
  return { combinator: "and", rules: [] };
}

export function ConditionBuilder({ label, value, onChange, path, errors }: Props) {
  return (
    <fieldset data-testid="condition-builder" className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium text-slate-700">{label}</legend>
      <Group group={asGroup(value)} onChange={onChange} path={path} errors={errors} depth={0} />
    </fieldset>
  );
}

function Group({
  group,
  onChange,
  path,
  errors,
  depth,
  onRemove,
}: {
  group: ConditionGroup;
  onChange: (g: ConditionGroup) => void;
  path: string;
  errors: FieldErrors;
  depth: number;
  onRemove?: () => void;
}) {
  const setRule = (i: number, r: ConditionRule | ConditionGroup) =>
    onChange({ ...group, rules: group.rules.map((x, j) => (j === i ? r : x)) });
  const remove = (i: number) => onChange({ ...group, rules: group.rules.filter((_, j) => j !== i) });
  const groupError = errors.get(`${path}.rules`);
  return (
    <div
      className={`flex flex-col gap-2 rounded-md border p-2 ${depth % 2 ? "border-indigo-200 bg-indigo-50/40" : "border-slate-200 bg-slate-50"}`}
    >
      <div className="flex items-center gap-2 text-xs text-slate-600">
        <label className="flex items-center gap-1">
          Match
          <select
            aria-label="Match all or any"
            value={group.combinator}
            onChange={(e) => onChange({ ...group, combinator: e.target.value === "or" ? "or" : "and" })}
            className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
          >
            <option value="and">all of (and)</option>
            <option value="or">any of (or)</option>
          </select>
        </label>
        {onRemove && (
          <button type="button" onClick={onRemove} className={`${small} ml-auto text-red-700`}>
            Remove group
          </button>
        )}
      </div>
      {group.rules.map((r, i) =>
        isConditionGroup(r) ? (
          <Group
            key={i}
            group={r}
            onChange={(g) => setRule(i, g)}
            path={`${path}.rules.${i}`}
            errors={errors}
            depth={depth + 1}
            onRemove={() => remove(i)}
          />
        ) : (
          <Rule
            key={i}
            index={i}
            rule={r}
            onChange={(x) => setRule(i, x)}
            onRemove={() => remove(i)}
            error={
              errors.get(`${path}.rules.${i}.left`) ??
              errors.get(`${path}.rules.${i}.right`) ??
              errors.get(`${path}.rules.${i}.op`)
            }
          />
        ),
      )}
      {groupError && <p className="text-xs font-medium text-red-700">{groupError}</p>}
      <div className="flex gap-1">
        <button
          type="button"
          className={small}
          onClick={() => onChange({ ...group, rules: [...group.rules, { left: "", op: "equals", right: "" }] })}
        >
          Add rule
        </button>
        {depth < 4 && (
          <button
            type="button"
            className={small}
            onClick={() =>
              onChange({
                ...group,
                rules: [
                  ...group.rules,
                  {
                    combinator: group.combinator === "and" ? "or" : "and",
                    rules: [{ left: "", op: "equals", right: "" }],
                  },
                ],
              })
            }
          >
            Add group
          </button>
        )}
      </div>
    </div>
  );
}

function Rule({
  index,
  rule,
  onChange,
  onRemove,
  error,
}: {
  index: number;
  rule: ConditionRule;
  onChange: (r: ConditionRule) => void;
  onRemove: () => void;
  error?: string | undefined;
}) {
  const n = index + 1;
  return (
    <div className="flex flex-col gap-1">
      <div className="grid grid-cols-[1fr_auto] gap-1">
        <input
          aria-label={`Rule ${n} value`}
          aria-invalid={Boolean(error)}
          placeholder="{{ trigger.body.status }}"
          value={rule.left}
          onChange={(e) => onChange({ ...rule, left: e.target.value })}
          className={`${inputStyles} font-mono text-xs`}
        />
        <button type="button" onClick={onRemove} className={buttonStyles.ghost} title={`Remove rule ${n}`}>
          <span aria-hidden>✕</span>
          <span className="sr-only">Remove rule {n}</span>
        </button>
        <select
          aria-label={`Rule ${n} operator`}
          value={rule.op}
          onChange={(e) => onChange({ ...rule, op: e.target.value as ConditionRule["op"] })}
          className={`${inputStyles} text-xs`}
        >
          {conditionOps.map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
        <span />
        {needsRight.has(rule.op) && (
          <input
            aria-label={`Rule ${n} compare to`}
            placeholder="paid"
            value={rule.right ?? ""}
            onChange={(e) => onChange({ ...rule, right: e.target.value })}
            className={`${inputStyles} font-mono text-xs`}
          />
        )}
      </div>
      {error && <p className="text-xs font-medium text-red-700">{error}</p>}
    </div>
  );
}

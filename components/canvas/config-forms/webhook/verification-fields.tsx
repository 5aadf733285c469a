"use client";

// How deliveries prove they come from the sender: the preset (with its description), its own
// settings, and which headers the sender must send.
import { asRecord } from "../../kinds";
import { webhookFieldLabels as labels } from "@/lib/nodes/kinds/webhook";
import { str, type Config, type SectionProps } from "./config-access";
import { PresetOptions } from "./preset-options";
import {
  headersRead,
  verificationConfigSchema,
  verificationPresets,
  type PresetGroup,
  type VerificationPreset,
} from "@/lib/webhooks/verify/presets";
import { GroupedSelectField } from "./select-field";

// 20+ presets: grouped by what the sender is, alphabetical within a group, generic ones last.
const GROUP_ORDER: readonly PresetGroup[] = [
  "Payments",
  "Commerce",
  "Developer tools",
  "Messaging",
  "Forms and scheduling",
  "Generic",
];
const presetGroups = GROUP_ORDER.map((group) => ({
  label: group,
  options: (Object.keys(verificationPresets) as VerificationPreset[])
    .filter((p) => verificationPresets[p].group === group)
    .map((p) => ({ value: p, label: verificationPresets[p].label }))
    .sort((a, b) => (group === "Generic" ? 0 : a.label.localeCompare(b.label))),
}));

// A new preset starts from its defaults; required fields start empty so their errors guide the user.
const initial: Record<VerificationPreset, Config> = {
  none: {},
  stripe: { toleranceSeconds: 300 },
  shopify: {},
  github: {},
  "standard-webhooks": { toleranceSeconds: 300 },
  "shopify-merchant": {},
  clerk: { toleranceSeconds: 300 },
  paypal: {},
  square: { notificationUrl: "" },
  paddle: { toleranceSeconds: 300 },
  "lemon-squeezy": {},
  woocommerce: {},
  twilio: { url: "" },
  slack: { toleranceSeconds: 300 },
  zoom: { toleranceSeconds: 300 },
  mailgun: { toleranceSeconds: 300 },
  sendgrid: { toleranceSeconds: 300 },
  typeform: {},
  calendly: { toleranceSeconds: 300 },
  intercom: {},
  linear: { toleranceSeconds: 60 },
  yotpo: { in: "query", name: "token" },
  spocket: { in: "query", name: "token" },
  hmac: { algorithm: "sha256", encoding: "hex", header: "", prefix: "" },
  token: { in: "header", name: "" },
  basic: { username: "" },
};

export const presetOf = (config: Config): VerificationPreset => {
  const preset = str(asRecord(config.verification).preset, "none");
  return preset in verificationPresets ? (preset as VerificationPreset) : "none";
};

export function VerificationFields({ config, onChange, errors }: SectionProps) {
  const verification = asRecord(config.verification);
  const preset = presetOf(config);
  const parsed = verificationConfigSchema.safeParse(verification);
  const headers = parsed.success ? headersRead(parsed.data) : [];

  return (
    <>
      <GroupedSelectField
        label={labels["verification.preset"]}
        value={preset}
        groups={presetGroups}
        onChange={(p) => onChange({ ...config, verification: { preset: p, ...initial[p] } })}
        error={errors.get("verification.preset") ?? errors.get("verification")}
        hint={verificationPresets[preset].description}
      />
      <PresetOptions
        preset={preset}
        verification={verification}
        set={(patch) => onChange({ ...config, verification: { ...verification, ...patch } })}
        errors={errors}
      />
      {headers.length > 0 && (
        <p className="text-xs text-slate-500">
          Reads {headers.length === 1 ? "the header" : "the headers"}{" "}
          {headers.map((h, i) => (
            <span key={h}>
              {i > 0 && ", "}
              <code className="font-mono text-slate-700">{h}</code>
            </span>
          ))}
          .
        </p>
      )}
    </>
  );
}

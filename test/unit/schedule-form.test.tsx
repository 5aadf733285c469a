// @vitest-environment jsdom
// The schedule trigger's settings form: the fields follow the chosen repeat, the preview says the
// schedule in words with its zone and next fire time, and a bad cron or zone shows at its field.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ScheduleForm } from "@/components/canvas/config-forms/schedule-form";
import { fieldErrors } from "@/components/canvas/config-forms/types";
import { getNodeKind } from "@/lib/nodes/catalog";

afterEach(cleanup);

function Harness({ initial }: { initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  return (
    <ScheduleForm
      nodeId="s1"
      config={config}
      onChange={setConfig}
      errors={fieldErrors(getNodeKind("schedule")!, config)}
    />
  );
}

describe("the schedule form", () => {
  it("previews the schedule with its zone and next fire time", () => {
    render(<Harness initial={{ mode: "weekdays", at: "08:00", timezone: "Europe/Berlin" }} />);
    expect(screen.getByTestId("schedule-preview").textContent).toMatch(
      /^every weekday at 08:00 Europe\/Berlin; next: (Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} 08:00$/,
    );
    expect(screen.queryByLabelText("Cron expression")).toBeNull();
  });

  it("shows the fields of the chosen repeat and the errors at their fields", () => {
    render(<Harness initial={{ mode: "weekdays", at: "08:00", timezone: "UTC" }} />);
    fireEvent.change(screen.getByLabelText("Repeat"), { target: { value: "cron" } });
    expect(screen.queryByLabelText("At")).toBeNull();
    fireEvent.change(screen.getByLabelText("Cron expression"), { target: { value: "0 8 * *" } });
    expect(screen.getByText(/A cron expression has five fields/)).toBeTruthy();
    expect(screen.getByTestId("schedule-preview").textContent).toBe("Fix the fields above to see when it runs.");
    fireEvent.change(screen.getByLabelText("Cron expression"), { target: { value: "*/30 9-17 * * 1-5" } });
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/Nowhere" } });
    expect(screen.getByText(/Unknown time zone/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "America/New_York" } });
    expect(screen.getByTestId("schedule-preview").textContent).toMatch(
      /^every 30 minutes, between 09:00 and 17:59, Monday through Friday America\/New_York; next: /,
    );
  });
});

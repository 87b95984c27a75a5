/**
 * Ribbon command handlers, loaded hidden by Office from commands.html (the manifest's
 * FunctionFile). The Home › Throughline button opens the task pane by a ShowTaskpane action
 * and needs no code here; handlers for ExecuteFunction buttons are registered below. Each is
 * an exported async function so tests can import and call it without Office.
 */

/** The part of Office.AddinCommands.Event a handler uses. */
export interface CommandEvent {
  completed(): void;
}

/** What showAbout reports. */
export const ABOUT_MESSAGE =
  'Throughline: data-informed goal setting. Choose Home › Throughline to open the pane.';

/**
 * Reports what Throughline is (through log; Excel gives function-file commands no UI of their
 * own), then completes the event. Completing is the one thing a handler must always do, even
 * when its work fails, or Office leaves the ribbon button busy.
 */
export async function showAbout(
  event: CommandEvent,
  log: (message: string) => void = (message) => console.info(message),
): Promise<void> {
  try {
    log(ABOUT_MESSAGE);
  } finally {
    event.completed();
  }
}

/** Registers every handler under the name an ExecuteFunction control would use. */
export function registerCommands(): void {
  Office.actions.associate('showAbout', showAbout);
}

// Outside Office (a test importing this file) there is no Office global: register nothing.
if (typeof Office !== 'undefined') {
  void Office.onReady(() => registerCommands());
}

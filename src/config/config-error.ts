/** A configuration the run cannot start with; the message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "PC_ERR_CONFIG";
  constructor(message: string) {
    super(message);
    // The message is the whole story; a stack into the loader would only bury it.
    this.stack = `${this.name}: ${message}`;
  }
}

/** A contract data file that cannot be used: names the file and the place, so the fix is one edit away. */
export class CatalogError extends Error {
  override readonly name = "CatalogError";
  readonly code = "PC_ERR_CATALOG";
  constructor(
    readonly file: string,
    readonly place: string,
    problem: string,
  ) {
    super(`${file}: ${place}: ${problem}`);
  }
}

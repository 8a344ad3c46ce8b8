/** One entry of an archive, as the zip and tar readers hand them to archive-scan.ts. */
export type ArchiveEntry = {
  /** Path inside the archive, `/`-separated. */
  readonly name: string;
  /** Size when expanded, as the archive declares it (a zip bomb's declaration may lie). */
  readonly size: number;
  /** Size as stored. */
  readonly compressed: number;
} & (
  | {
      /** The content; throws a RangeError when it would be longer than `maxOutputLength`. */
      read(maxOutputLength: number): Buffer;
    }
  | { readonly skip: string }
  | { readonly linkTarget: string }
);

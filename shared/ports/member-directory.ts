import type { DirectoryMember } from '#domain/member-export.ts';

/** A member as the directory listing yields them, with where the listing stands after them. */
export interface DirectoryEntry extends DirectoryMember {
  /** Opaque: resumes the listing after this member (`cursorAfter`). */
  position: string;
}

/** The whole directory of an account, member after member with what they own, in flat memory. */
export interface MemberDirectoryStore {
  /**
   * Every member of the account (closed ones too: the caller decides), in a stable order, each with their services,
   * phones and group memberships, from after `cursor` on. Reads page by page as it is iterated; stopping stops it.
   * A forged or foreign cursor: 400.
   */
  members(accountId: string, cursor?: string): AsyncIterable<DirectoryEntry>;
  /** A cursor that resumes the listing after `entry`: sealed and bound to the account. */
  cursorAfter(accountId: string, entry: DirectoryEntry): string;
}

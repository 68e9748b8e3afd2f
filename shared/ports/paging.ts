/** A page of a list, and how to ask for the next one. Every list is one Query per page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/**
 * Answers of read-only look-ups (a region's settings, an organisation's look) kept for one
 * transaction that writes many rows alike — a group of new cases from one claimed batch of mail —
 * so each is asked once per group instead of once per row. Only for data that may be a few
 * milliseconds old: the group is then written as if all its rows came at its first.
 */
export class TransactionMemo {
  private readonly answers = new Map<string, Promise<unknown>>();

  get<T>(key: string, read: () => Promise<T>): Promise<T> {
    let answer = this.answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = read();
      this.answers.set(key, answer);
    }
    return answer;
  }
}

/** `read` through the memo when there is one. */
export function memoised<T>(memo: TransactionMemo | undefined, key: string, read: () => Promise<T>): Promise<T> {
  return memo ? memo.get(key, read) : read();
}

/** One append waiting to be sent: its stream and how many events it holds. */
export type Member = { readonly stream: string; readonly size: number };

/**
 * How a group is sent: `alone` runs one member's append by itself (its own round trip and transaction); `together`
 * runs several members, each of another stream, in one call and one transaction and returns what it stored for all
 * of them, or null when it stored nothing and each member must go alone (postgresAppend.ts).
 */
export type GroupSenders<M extends Member, R> = {
  readonly alone: (member: M) => Promise<R>;
  readonly together: (members: readonly M[]) => Promise<R | null>;
};

/** The most events one call of `together` carries; a member with more goes alone. */
export const groupEvents = 1000;

/**
 * Returns a function that appends each member it is given. A member that comes while nothing is in flight goes at
 * once, alone: a lone writer's appends are what they were. One that comes while calls are in flight waits for the
 * turn of the event loop to end (`setImmediate`, after every socket read of the turn), and the members that waited go
 * as one call per group, in the order they came, one member per stream; the writers of a group come back in one turn,
 * and their next appends wait for each other until its end. So concurrent writers share a round trip, a transaction
 * and a commit's flush, where each would otherwise pay its own (README "Stores"; docs/performance.md, "PostgreSQL, 8
 * writers on 8 streams"). An append to a stream with one in flight waits for it (it must follow it). A call that
 * throws throws to every member in it.
 */
export function appendGroups<M extends Member, R>(senders: GroupSenders<M, R>): (member: M) => Promise<R> {
  type Waiting = { member: M; resolve: (result: R) => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let scheduled = false;
  /** The streams of the calls in flight. */
  const busy = new Set<string>();

  /** Takes the next group from the waiting members: each whose stream has nothing in flight or in the group, that fits. */
  const take = (): Waiting[] => {
    const group: Waiting[] = [];
    const left: Waiting[] = [];
    let events = 0;
    for (const item of waiting) {
      const { stream, size } = item.member;
      if (!busy.has(stream) && (group.length === 0 || events + size <= groupEvents)) {
        group.push(item);
        busy.add(stream);
        events += size;
      } else left.push(item);
    }
    waiting = left;
    return group;
  };

  const alone = async (item: Waiting) => {
    try {
      item.resolve(await senders.alone(item.member));
    } catch (error) {
      item.reject(error);
    }
  };

  const send = async (group: Waiting[]) => {
    if (group.length === 1) return alone(group[0]!);
    let stored: R | null;
    try {
      stored = await senders.together(group.map((item) => item.member));
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    if (stored !== null) for (const item of group) item.resolve(stored);
    else await Promise.all(group.map(alone));
  };

  const run = (): void => {
    scheduled = false;
    for (let group = take(); group.length > 0; group = take()) {
      const release = () => {
        for (const item of group) busy.delete(item.member.stream);
        if (waiting.length > 0) schedule();
      };
      // A group's writers come back together: until the turn's end their next appends wait for each other.
      void send(group).finally(() => (group.length > 1 ? setImmediate(release) : release()));
    }
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(run);
  };

  /**
   * A member that comes while nothing is in flight or waiting goes at once, alone, with no promise of its own to
   * settle and no group taken: its stream is busy until the call settles, and the members that came meanwhile go
   * then. A lone writer's append pays for nothing it does not use (docs/performance.md, "PostgreSQL appends and reads
   * against Emmett").
   */
  const direct = async (member: M): Promise<R> => {
    busy.add(member.stream);
    try {
      return await senders.alone(member);
    } finally {
      busy.delete(member.stream);
      if (waiting.length > 0) schedule();
    }
  };

  return (member) =>
    busy.size === 0 && waiting.length === 0
      ? direct(member)
      : new Promise<R>((resolve, reject) => {
          waiting.push({ member, resolve, reject });
          schedule();
        });
}

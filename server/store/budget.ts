// Time budgets for work on the store, and fairness between requests.
//
// SQLite runs in this process, synchronously, on the event loop: while one statement runs nothing
// else does, not even /health. Two things keep one request from holding the server:
// - every statement is bounded by what it is asked for (keyset pages, page-sized searches), and
//   between statements a request gives way (setImmediate) once it has held the loop for
//   YIELD_AFTER_MS, so other requests' I/O and statements run in between;
// - a request carries a deadline (runWithBudget, through AsyncLocalStorage so the store needs no
//   request object); a statement that would start after it fails with BudgetExceeded instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/** How long one request may run statements back to back before letting others in. */
export const YIELD_AFTER_MS = 20;

interface Budget {
  /** performance.now() after which no new statement starts. */
  deadline: number;
  budgetMs: number;
}

const budgets = new AsyncLocalStorage<Budget>();

/** The request ran out of time: no further statement was started for it. */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
  constructor(readonly budgetMs: number) {
    super(`the request ran for more than its budget of ${budgetMs} ms`);
  }
}

/** Runs `work` (and everything it starts) with a deadline `budgetMs` from now. */
export function runWithBudget<T>(budgetMs: number, work: () => T): T {
  return budgets.run({ deadline: performance.now() + budgetMs, budgetMs }, work);
}

/** Throws BudgetExceeded when the current request's deadline has passed. */
export function checkBudget(): void {
  const budget = budgets.getStore();
  if (budget && performance.now() > budget.deadline) throw new BudgetExceeded(budget.budgetMs);
}

/** When the current turn of the event loop ran its first statement; null between turns. */
let turnStartedAt: number | null = null;

/** Notes the start of a turn that runs statements; the turn ends when the loop next gets to its I/O. */
function markTurn(): void {
  if (turnStartedAt !== null) return;
  turnStartedAt = performance.now();
  setImmediate(() => {
    turnStartedAt = null;
  });
}

/** Null when the turn may go on; otherwise a promise that resolves on the loop's next turn. */
function giveWay(): Promise<void> | null {
  if (turnStartedAt === null || performance.now() - turnStartedAt < YIELD_AFTER_MS) return null;
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The Kysely plugin that applies both: the deadline is checked before a statement is compiled,
 * and after each statement's result the request gives way if it has held the loop too long.
 */
export class BudgetPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    checkBudget();
    markTurn();
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const wait = giveWay();
    if (wait) await wait;
    return args.result;
  }
}

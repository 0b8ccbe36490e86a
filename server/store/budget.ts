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

/**
 * Runs `work` with the current request's budget afresh (a deadline as far off as the request's was
 * at its start): for work that streams in parts, such as a CSV download page by page, where each
 * part is bounded but the whole may rightly take longer. Outside a request it just runs `work`.
 */
export function withRenewedBudget<T>(work: () => T): T {
  const budget = budgets.getStore();
  return budget ? runWithBudget(budget.budgetMs, work) : work();
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
 * Called by the driver right before each statement: fails when the request's deadline has passed,
 * and waits for the loop's next turn when this turn has run statements long enough. It has to be
 * there, not after a statement: requests queued behind the connection run their statements from
 * microtasks, and the loop only gets to its I/O once all of those are done.
 */
export function beforeStatement(): Promise<void> | null {
  checkBudget();
  const wait = giveWay();
  if (!wait) {
    markTurn();
    return null;
  }
  return wait.then(() => {
    checkBudget();
    markTurn();
  });
}

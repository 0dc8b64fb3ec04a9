/**
 * Saves answers as they are given: one request at a time per question, the newest answer always
 * sent last, automatic retries with backoff, and a state per question the player shows.
 */
import type { SavedResponse } from '../../lib/server/attempts';
import type { Answer } from '../../quizzes/types';
import { apiErrorMessage, backoffDelay, isRetryable, MAX_SAVE_TRIES } from './logic';

/**
 * idle: nothing to save; saving: a request is under way; saved: the server holds the answer shown;
 * retrying: a try failed and another is scheduled; failed: the automatic tries are used up (the
 * answer is kept, 重试 sends it again); rejected: the server refused this answer (it is kept too).
 */
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'retrying' | 'failed' | 'rejected';

interface SaverOptions {
  attemptId: number;
  initial: Record<string, SavedResponse>;
  /** The attempt can no longer take answers (409): the page should reload. */
  onClosed: (message: string) => void;
  /** Fallback text for a failure without a server message. */
  networkError: () => string;
  /** Per try, in milliseconds, before a request counts as failed. */
  timeoutMs?: number;
}

type Outcome = { ok: true; body: SavedResponse } | { ok: false; status: number; message: string };

export class ResponseSaver {
  /** Save state per question id. */
  status: Record<string, SaveStatus> = $state({});
  /** The server's (or the network's) message for the last failure, per question id. */
  errors: Record<string, string | null> = $state({});
  /** The last response the server confirmed, per question id (with feedback once checked). */
  saved: Record<string, SavedResponse> = $state({});
  /** Questions whose "检查答案" request is under way. */
  checking: Record<string, boolean> = $state({});
  /** Why the last check of a question failed, per question id. */
  checkErrors: Record<string, string | null> = $state({});
  /**
   * The server answered 401 to a save: the session ended (signed out elsewhere, expired, or the
   * account was deactivated). The player asks the learner to sign in again; answers stay here.
   */
  signedOut = $state(false);

  #opts: SaverOptions;
  /** The answer that still has to reach the server, per question id. */
  #wanted = new Map<string, Answer>();
  #inFlight = new Set<string>();
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #failures = new Map<string, number>();
  #closed = false;

  constructor(opts: SaverOptions) {
    this.#opts = opts;
    for (const [id, response] of Object.entries(opts.initial)) {
      this.saved[id] = response;
      this.status[id] = 'saved';
    }
  }

  /** True while any answer is on its way or waiting to be retried (submitting must wait). */
  get pending(): boolean {
    return Object.values(this.status).some((s) => s === 'saving' || s === 'retrying' || s === 'failed');
  }

  /** Ids of questions whose current answer has not reached the server. */
  get unsaved(): string[] {
    return Object.entries(this.status)
      .filter(([, s]) => s !== 'saved' && s !== 'idle')
      .map(([id]) => id);
  }

  /** Saves a question's answer now (a newer answer replaces one still waiting). */
  save(questionId: string, answer: Answer): void {
    if (this.#closed) return;
    // A plain copy: the caller may pass reactive state, and later edits must not change what is sent.
    this.#wanted.set(questionId, JSON.parse(JSON.stringify(answer)) as Answer);
    this.#failures.set(questionId, 0);
    this.#clearTimer(questionId);
    this.status[questionId] = 'saving';
    this.errors[questionId] = null;
    void this.#pump(questionId);
  }

  /**
   * "检查答案": asks the server to grade the saved answer and lock the question; the reply (with its
   * feedback) replaces the saved response. A 409 (checked elsewhere, attempt over) reloads the page.
   */
  async check(questionId: string): Promise<void> {
    if (this.#closed || this.checking[questionId] || this.status[questionId] !== 'saved') return;
    this.checking[questionId] = true;
    this.checkErrors[questionId] = null;
    try {
      const res = await fetch(`/api/v1/attempts/${this.#opts.attemptId}/responses/${encodeURIComponent(questionId)}/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
        credentials: 'same-origin',
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.ok && body && typeof body === 'object' && 'answer' in body) this.saved[questionId] = body as SavedResponse;
      else if (res.status === 409) this.#close(apiErrorMessage(body, this.#opts.networkError()));
      else this.checkErrors[questionId] = apiErrorMessage(body, this.#opts.networkError());
    } catch {
      this.checkErrors[questionId] = this.#opts.networkError();
    } finally {
      this.checking[questionId] = false;
    }
  }

  /** Tries a failed or waiting save again at once. */
  retry(questionId: string): void {
    if (this.#closed || !this.#wanted.has(questionId)) return;
    this.#failures.set(questionId, 0);
    this.#clearTimer(questionId);
    this.status[questionId] = 'saving';
    void this.#pump(questionId);
  }

  /** Retries every save that failed for a network reason (e.g. when the browser is back online). */
  retryAll(): void {
    for (const [id, s] of Object.entries(this.status)) if (s === 'retrying' || s === 'failed') this.retry(id);
  }

  /** Stops all timers and refuses further saves (the attempt is over or the player is gone). */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#timers.keys()]) this.#clearTimer(id);
  }

  #clearTimer(id: string) {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
  }

  async #pump(id: string): Promise<void> {
    if (this.#closed || this.#inFlight.has(id)) return;
    const answer = this.#wanted.get(id);
    if (answer === undefined) return;
    this.#inFlight.add(id);
    this.status[id] = 'saving';
    let outcome: Outcome;
    try {
      outcome = await this.#put(id, answer);
    } finally {
      this.#inFlight.delete(id);
    }
    if (this.#closed) return;
    if (this.#wanted.get(id) !== answer) {
      // A newer answer came while this one was under way: send that one; this result is stale.
      if (!outcome.ok && outcome.status === 409) return this.#close(outcome.message);
      return this.#pump(id);
    }
    if (outcome.ok) {
      this.signedOut = false;
      this.#wanted.delete(id);
      this.saved[id] = outcome.body;
      this.status[id] = 'saved';
      this.errors[id] = null;
      return;
    }
    this.errors[id] = outcome.message;
    if (outcome.status === 409) return this.#close(outcome.message);
    if (outcome.status === 401) {
      // Signed out (e.g. the session expired): keep the answer; 重试 sends it after signing in again.
      this.signedOut = true;
      this.status[id] = 'failed';
      return;
    }
    if (!isRetryable(outcome.status)) {
      this.status[id] = 'rejected';
      return;
    }
    const failures = (this.#failures.get(id) ?? 0) + 1;
    this.#failures.set(id, failures);
    if (failures >= MAX_SAVE_TRIES) {
      this.status[id] = 'failed';
      return;
    }
    this.status[id] = 'retrying';
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        void this.#pump(id);
      }, backoffDelay(failures)),
    );
  }

  #close(message: string) {
    this.close();
    this.#opts.onClosed(message);
  }

  async #put(id: string, answer: Answer): Promise<Outcome> {
    const url = `/api/v1/attempts/${this.#opts.attemptId}/responses/${encodeURIComponent(id)}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#opts.timeoutMs ?? 15_000);
    try {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ answer }),
        credentials: 'same-origin',
        signal: controller.signal,
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.ok && body && typeof body === 'object' && 'answer' in body) return { ok: true, body: body as SavedResponse };
      return { ok: false, status: res.ok ? 0 : res.status, message: apiErrorMessage(body, this.#opts.networkError()) };
    } catch {
      return { ok: false, status: 0, message: this.#opts.networkError() };
    } finally {
      clearTimeout(timer);
    }
  }
}

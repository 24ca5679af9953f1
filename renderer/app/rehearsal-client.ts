// Asks the hub for a projection (POST /api/whatif?model=1) and turns every refusal into a sentence the
// operator can act on. The renderer never projects anything itself.
import { decodeWhatifAnswer, type WhatifAnswer } from '../../shared/whatif/answer-schema';
import type { WhatifPlan } from '../../shared/whatif/plan';
import { planToQuery } from '../../shared/whatif/plan';
import { hubFetch } from './token';

export type RehearsalResult = { ok: true; answer: WhatifAnswer } | { ok: false; refused: boolean; message: string };

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export async function requestProjection(plan: WhatifPlan, token: string | null): Promise<RehearsalResult> {
  let response: Response;
  try {
    response = await hubFetch('/api/whatif?model=1', token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(plan),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, refused: false, message: 'hub unreachable: no projection' };
  }
  if (response.status === 401) return { ok: false, refused: true, message: 'Rehearsal refused: this display has no valid token (HTTP 401)' };
  if (response.status === 403) return { ok: false, refused: true, message: 'Rehearsal refused: it needs an operator token; this display may only watch (HTTP 403)' };
  if (!response.ok) return { ok: false, refused: false, message: `Plan not projected: ${await errorText(response)}` };
  try {
    return { ok: true, answer: decodeWhatifAnswer(await response.json()) };
  } catch (error) {
    return { ok: false, refused: false, message: (error as Error).message };
  }
}

/** Fetches the change-ticket report and saves it as a file (the token travels in a header, never in a link). */
export async function downloadReport(plan: WhatifPlan, format: 'md' | 'json', token: string | null): Promise<string | null> {
  try {
    const response = await hubFetch(`/api/whatif/report?${planToQuery(plan)}&format=${format}`, token, { cache: 'no-store' });
    if (!response.ok) return `report: ${await errorText(response)}`;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `rehearsal-drain-${plan.drain.join('-')}.${format}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return null;
  } catch {
    return 'report: hub unreachable';
  }
}

// The filters in the address bar beside the wall dwell (`/?wall=20&errors=1&min=5#/region/…`), so a
// bookmark or a wall's URL opens the same picture. Other parameters (token, at, whatif) are kept as they are.
import type { ViewFilter } from '../../shared/view/view-model';

/** `errors=1` → errors only; `min=N` → at least N requests/s. Anything else reads as no filter. */
export function filterFromQuery(search: string): ViewFilter {
  const params = new URLSearchParams(search);
  const errors = params.get('errors');
  const min = Number(params.get('min'));
  return { errorsOnly: errors === '1' || errors === 'true', minRps: Number.isFinite(min) && min > 0 ? min : 0 };
}

/** The query string with `filter` written into it (absent when off), every other parameter unchanged. */
export function queryWithFilter(search: string, filter: ViewFilter): string {
  const params = new URLSearchParams(search);
  if (filter.errorsOnly) params.set('errors', '1');
  else params.delete('errors');
  if (filter.minRps > 0) params.set('min', String(filter.minRps));
  else params.delete('min');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

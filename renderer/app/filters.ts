// "Errors only" (at or above the warning threshold) and a minimum requests/s, read into a ViewFilter.
import type { ViewFilter } from '../../shared/view/view-model';

/** Binds the two inputs, starting from `initial` (the filter in the URL). */
export function bindFilters(errorsOnly: HTMLInputElement, minRps: HTMLInputElement, initial: ViewFilter, onChange: (filter: ViewFilter) => void): void {
  errorsOnly.checked = initial.errorsOnly;
  minRps.value = String(initial.minRps);
  const read = (): ViewFilter => {
    const value = Number(minRps.value);
    return { errorsOnly: errorsOnly.checked, minRps: Number.isFinite(value) && value > 0 ? value : 0 };
  };
  errorsOnly.addEventListener('change', () => onChange(read()));
  minRps.addEventListener('input', () => onChange(read()));
}

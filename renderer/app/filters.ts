// "Errors only" and a minimum requests/s (issue 4 §3), read into a ViewFilter.
import type { ViewFilter } from '../../shared/view/view-model';

export function bindFilters(errorsOnly: HTMLInputElement, minRps: HTMLInputElement, onChange: (filter: ViewFilter) => void): void {
  const read = (): ViewFilter => {
    const value = Number(minRps.value);
    return { errorsOnly: errorsOnly.checked, minRps: Number.isFinite(value) && value > 0 ? value : 0 };
  };
  errorsOnly.addEventListener('change', () => onChange(read()));
  minRps.addEventListener('input', () => onChange(read()));
}

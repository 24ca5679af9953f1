// Utilisation as people read it: whole percent, except within a point of 100 %, where rounding would show an
// overloaded service as "100%" (and a fitting one as "100%" too): there one decimal tells them apart.
export function formatUtilisation(utilisation: number): string {
  const percent = utilisation * 100;
  return Math.abs(percent - 100) < 1 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

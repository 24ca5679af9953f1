// Global › region › service, each a link to its fragment (names percent-encoded, shown as text).
import type { Route } from '../../shared/view/view-model';
import { formatRoute } from '../../shared/view/routes';
import { el } from './dom';

export function renderBreadcrumbs(root: HTMLElement, route: Route): void {
  const crumbs: { label: string; route: Route }[] = [{ label: 'Global', route: { view: 'global' } }];
  if (route.region !== undefined && route.view !== 'global') {
    crumbs.push({ label: route.region, route: { view: 'region', region: route.region } });
    if (route.view === 'focus' && route.service !== undefined) crumbs.push({ label: route.service, route });
  }
  const items = crumbs.map((crumb, i) => {
    const last = i === crumbs.length - 1;
    const link = el('a', last ? 'crumb current' : 'crumb', crumb.label);
    link.href = formatRoute(crumb.route);
    if (last) link.setAttribute('aria-current', 'page');
    return link;
  });
  const children: HTMLElement[] = [];
  items.forEach((item, i) => {
    if (i > 0) children.push(el('span', 'crumb-sep', '›'));
    children.push(item);
  });
  root.replaceChildren(...children);
}

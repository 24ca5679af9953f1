// Reading the picture back: how a node or edge is drawn (window.flowsight.inspect) and the label texts.
import type { Page } from 'playwright-core';
import type { DrawnItem } from '../../../renderer/scene/index';

export function inspect(page: Page, id: string): Promise<DrawnItem | null> {
  return page.evaluate((key) => (window as unknown as { flowsight: { inspect(id: string): DrawnItem | null } }).flowsight.inspect(key), id);
}

export interface ShownLabel {
  text: string;
  color: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every label on screen, with its box in page pixels. */
export function shownLabels(page: Page): Promise<ShownLabel[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('#labels .fs-label'))
      .filter((el) => el.style.display !== 'none')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent ?? '', color: el.style.color, x: r.left, y: r.top, width: r.width, height: r.height };
      }),
  );
}

/** The label on screen whose text starts with `first`, or an empty one. */
export async function label(page: Page, first: string): Promise<ShownLabel> {
  const found = (await shownLabels(page)).find((l) => l.text.startsWith(first));
  return found ?? { text: '', color: '', x: 0, y: 0, width: 0, height: 0 };
}

/** The label tones (label-layer.ts) as the browser reports them. */
export const TONE = { normal: 'rgb(201, 216, 232)', warning: 'rgb(255, 201, 77)', danger: 'rgb(255, 107, 147)', stale: 'rgb(125, 133, 146)' } as const;

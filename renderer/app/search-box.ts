// The search box: typing highlights, Enter jumps to the first match, a short list offers the others.
import type { Route } from '../../shared/view/view-model';
import { el } from './dom';
import type { SearchMatch } from './search-matches';

export interface SearchBoxEvents {
  query(text: string): void;
  jump(route: Route): void;
}

export class SearchBox {
  private matches: SearchMatch[] = [];
  private shown = '';

  constructor(
    readonly input: HTMLInputElement,
    private readonly list: HTMLElement,
    private readonly events: SearchBoxEvents,
  ) {
    input.addEventListener('input', () => events.query(input.value));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        const first = this.matches[0];
        if (first) this.jump(first.route);
      } else if (event.key === 'Escape') {
        // Esc leaves the search empty, not just unfocused: the highlights and the list go with the text.
        event.preventDefault();
        input.value = '';
        events.query('');
        input.blur();
      }
    });
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  get query(): string {
    return this.input.value;
  }

  show(matches: SearchMatch[]): void {
    // Rebuilt only when the list changes: every update calls this, and a rebuild under the pointer eats clicks.
    const key = `${this.input.value.trim() === ''}\u0000${matches.map((m) => m.label).join('\u0000')}`;
    this.matches = matches;
    if (key === this.shown) return;
    this.shown = key;
    const items = matches.map((match) => {
      const button = el('button', 'search-result', match.label);
      button.type = 'button';
      button.addEventListener('click', () => this.jump(match.route));
      const item = el('li');
      item.append(button);
      return item;
    });
    if (this.input.value.trim() !== '' && matches.length === 0) items.push(el('li', 'search-none', 'no match'));
    this.list.replaceChildren(...items);
    this.list.hidden = items.length === 0;
  }

  private jump(route: Route): void {
    this.input.blur();
    this.list.hidden = true;
    this.events.jump(route);
  }
}
